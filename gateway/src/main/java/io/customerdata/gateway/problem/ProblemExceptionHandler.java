package io.customerdata.gateway.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.customerdata.gateway.observability.TraceIds;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns every exception that escapes request handling into a problem response, before
 * Spring Boot's default handler could render an HTML page or a stack trace. Unexpected
 * exceptions are logged by class and trace id only: their messages may hold data.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	private final ProblemResponses responses;

	ProblemExceptionHandler(ProblemResponses responses) {
		this.responses = responses;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		GatewayProblem problem = toProblem(ex);
		if (problem.status().is5xxServerError()) {
			log.warn("{} {} failed with {} ({}), trace {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath().value(), problem.type().code(), ex.getClass().getName(),
					TraceIds.of(exchange));
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
		}
		return this.responses.write(exchange, problem);
	}

	static GatewayProblem toProblem(Throwable ex) {
		Throwable cause = rootCauseWithin(ex);
		if (cause instanceof GatewayProblem problem) {
			return problem;
		}
		if (cause instanceof DataBufferLimitException) {
			return GatewayProblem.of(ProblemType.PAYLOAD_TOO_LARGE, "The body exceeds the gateway's buffer limit.");
		}
		if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
			return GatewayProblem.of(ProblemType.UPSTREAM_UNREACHABLE, "The department application cannot be reached.");
		}
		if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
			return GatewayProblem.of(ProblemType.UPSTREAM_TIMEOUT,
					"The department application did not answer in time.");
		}
		if (ex instanceof ResponseStatusException status) {
			return fromStatus(status.getStatusCode());
		}
		return GatewayProblem.of(ProblemType.INTERNAL_ERROR, "The gateway failed to handle the request.");
	}

	private static GatewayProblem fromStatus(HttpStatusCode status) {
		return switch (HttpStatus.valueOf(status.value())) {
			case NOT_FOUND -> GatewayProblem.of(ProblemType.NOT_FOUND, "No resource at this path.");
			case METHOD_NOT_ALLOWED ->
				GatewayProblem.of(ProblemType.METHOD_NOT_ALLOWED, "The method is not allowed here.");
			case UNSUPPORTED_MEDIA_TYPE ->
				GatewayProblem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The request's content type is not supported.");
			case CONTENT_TOO_LARGE ->
				GatewayProblem.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large.");
			case GATEWAY_TIMEOUT ->
				GatewayProblem.of(ProblemType.UPSTREAM_TIMEOUT, "The department application did not answer in time.");
			case SERVICE_UNAVAILABLE ->
				GatewayProblem.of(ProblemType.UPSTREAM_UNAVAILABLE, "The department application is unavailable.");
			default -> status.is4xxClientError() ? GatewayProblem.badRequest("The request is malformed.")
					: GatewayProblem.of(ProblemType.INTERNAL_ERROR, "The gateway failed to handle the request.");
		};
	}

	/** The innermost cause, stopping at a GatewayProblem that something wrapped. */
	private static Throwable rootCauseWithin(Throwable ex) {
		Throwable current = ex;
		while (!(current instanceof GatewayProblem) && current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

}
