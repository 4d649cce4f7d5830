package io.customerdata.gateway.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemExceptionHandlerTests {

	@Test
	void mapsFailuresToStableProblemTypes() {
		assertThat(type(new ResponseStatusException(HttpStatus.NOT_FOUND))).isEqualTo(ProblemType.NOT_FOUND);
		assertThat(type(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)))
			.isEqualTo(ProblemType.UPSTREAM_TIMEOUT);
		assertThat(type(new RuntimeException(new ConnectException("refused"))))
			.isEqualTo(ProblemType.UPSTREAM_UNREACHABLE);
		assertThat(type(new RuntimeException(new TimeoutException()))).isEqualTo(ProblemType.UPSTREAM_TIMEOUT);
		assertThat(type(new IllegalStateException("customer alice@x.example"))).isEqualTo(ProblemType.INTERNAL_ERROR);
	}

	@Test
	void aWrappedGatewayProblemKeepsItsType() {
		GatewayProblem tooLarge = GatewayProblem.payloadTooLarge(org.springframework.util.unit.DataSize.ofKilobytes(1));
		assertThat(ProblemExceptionHandler.toProblem(new RuntimeException(tooLarge))).isSameAs(tooLarge);
	}

	@Test
	void neverEchoesAnExceptionMessage() {
		GatewayProblem problem = ProblemExceptionHandler
			.toProblem(new IllegalStateException("customer alice@x.example"));
		assertThat(problem.detail()).doesNotContain("alice");
	}

	private static ProblemType type(Throwable ex) {
		return ProblemExceptionHandler.toProblem(ex).type();
	}

}
