package io.customerdata.gateway.problem;

import java.net.URI;

import io.customerdata.gateway.observability.TraceIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes RFC 9457 {@code application/problem+json} responses: type, title, status,
 * detail, instance, and the extensions {@code code} and {@code traceId}.
 */
@Component
public class ProblemResponses {

	private final JsonMapper json;

	public ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Writes the problem unless the response is already on its way, then it can only end.
	 */
	public Mono<Void> write(ServerWebExchange exchange, GatewayProblem problem) {
		return write(exchange, exchange.getResponse(), problem);
	}

	/**
	 * Writes to a given response: lets a response decorator write through its delegate.
	 */
	public Mono<Void> write(ServerWebExchange exchange, ServerHttpResponse response, GatewayProblem problem) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		byte[] body = this.json.writeValueAsBytes(body(exchange, problem));
		response.setStatusCode(problem.status());
		HttpHeaders headers = response.getHeaders();
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		headers.remove(HttpHeaders.CONTENT_ENCODING);
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setContentLength(body.length);
		headers.setCacheControl("no-store");
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	static ProblemDetail body(ServerWebExchange exchange, GatewayProblem problem) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.detail());
		detail.setType(problem.type().type());
		detail.setTitle(problem.type().title());
		detail.setInstance(URI.create(exchange.getRequest().getPath().value()));
		detail.setProperty("code", problem.type().code());
		detail.setProperty("traceId", TraceIds.of(exchange));
		problem.extensions().forEach(detail::setProperty);
		return detail;
	}

}
