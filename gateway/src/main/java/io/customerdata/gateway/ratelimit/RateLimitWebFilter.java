package io.customerdata.gateway.ratelimit;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemResponses;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.Subject;
import io.customerdata.gateway.security.SubjectAuthentication;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Limits {@code /api/**} per subject and per client: a request takes a token from the
 * subject's bucket and from its client's; if either is empty, the answer is 429
 * {@code rate-limited} with {@code Retry-After}, counted in
 * {@code gateway.ratelimit.rejections{scope}}.
 */
final class RateLimitWebFilter implements WebFilter, Ordered {

	static final String SUBJECT = "subject";

	static final String CLIENT = "client";

	private final TokenBuckets buckets;

	private final ProblemResponses problems;

	private final MeterRegistry meters;

	/** Rates are whole tokens a second, so a token is back within a second. */
	static final String RETRY_AFTER_SECONDS = "1";

	RateLimitWebFilter(TokenBuckets buckets, ProblemResponses problems, MeterRegistry meters) {
		this.buckets = buckets;
		this.problems = problems;
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.filter(SubjectAuthentication.class::isInstance)
			.map((principal) -> ((SubjectAuthentication) principal).subject())
			.flatMap((subject) -> limit(subject))
			.flatMap((refusedScope) -> refuse(exchange, refusedScope))
			.switchIfEmpty(Mono.defer(() -> chain.filter(exchange)));
	}

	/** The scope whose bucket is empty, or nothing if the request may go on. */
	private Mono<String> limit(Subject subject) {
		String client = (subject.clientId() != null) ? subject.clientId() : "unknown";
		return this.buckets.tryTake(SUBJECT, subject.id())
			.flatMap((subjectAllowed) -> subjectAllowed
					? this.buckets.tryTake(CLIENT, client)
						.flatMap((clientAllowed) -> clientAllowed ? Mono.<String>empty() : Mono.just(CLIENT))
					: Mono.just(SUBJECT));
	}

	private Mono<Void> refuse(ServerWebExchange exchange, String scope) {
		this.meters.counter("gateway.ratelimit.rejections", "scope", scope).increment();
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return this.problems.write(exchange, GatewayProblem.of(ProblemType.RATE_LIMITED,
				"Too many requests for this " + scope + "; retry after " + RETRY_AFTER_SECONDS + " s."));
	}

	@Override
	public int getOrder() {
		return FilterOrders.RATE_LIMITS;
	}

}
