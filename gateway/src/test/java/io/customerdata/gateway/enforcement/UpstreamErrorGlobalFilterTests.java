package io.customerdata.gateway.enforcement;

import io.customerdata.gateway.problem.ProblemType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamErrorGlobalFilterTests {

	@ParameterizedTest
	@CsvSource({ "400, UPSTREAM_REJECTED, 400", "409, UPSTREAM_REJECTED, 409", "404, NOT_FOUND, 404",
			"401, UPSTREAM_ERROR, 502", "403, UPSTREAM_ERROR, 502", "500, UPSTREAM_ERROR, 502",
			"503, UPSTREAM_UNAVAILABLE, 503", "504, UPSTREAM_TIMEOUT, 504", "429, UPSTREAM_RATE_LIMITED, 503" })
	void upstreamStatusBecomesAProblem(int upstream, ProblemType type, int answered) {
		var problem = UpstreamErrorGlobalFilter.problemFor(HttpStatusCode.valueOf(upstream));
		assertThat(problem.type()).isEqualTo(type);
		assertThat(problem.status().value()).isEqualTo(answered);
	}

}
