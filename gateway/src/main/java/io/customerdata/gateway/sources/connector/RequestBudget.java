package io.customerdata.gateway.sources.connector;

import java.time.Duration;

import io.customerdata.gateway.sources.FederationProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A source's request budget, kept for every request that leaves for it (each page and
 * include of a lookup, each pass-through call): a rate, for which a request waits its
 * turn up to {@code max-wait}, and a number in flight. A request over budget does not
 * leave: it is {@link SourceErrors.RateLimited}.
 */
public final class RequestBudget {

	private final @Nullable RateLimiter rate;

	private final @Nullable Bulkhead concurrency;

	public RequestBudget(String source, FederationProperties.Throttling throttling) {
		this.rate = (throttling.requestsPerSecond() > 0) ? RateLimiter.of(source, rateConfig(throttling)) : null;
		this.concurrency = (throttling.maxConcurrentRequests() > 0) ? Bulkhead.of(source + "-requests",
				BulkheadConfig.custom()
					.maxConcurrentCalls(throttling.maxConcurrentRequests())
					.maxWaitDuration(Duration.ZERO)
					.build())
				: null;
	}

	/**
	 * One permit at a time, evenly spaced: 4/s is one every 250 ms, 0.5/s one every two
	 * seconds. Vendors count in rolling windows, where a whole second's permits at the
	 * end of one period and the next second's at the start of the next would be twice the
	 * rate.
	 */
	private static RateLimiterConfig rateConfig(FederationProperties.Throttling throttling) {
		return RateLimiterConfig.custom()
			.limitForPeriod(1)
			.limitRefreshPeriod(Duration.ofNanos(Math.round(1_000_000_000L / throttling.requestsPerSecond())))
			.timeoutDuration(throttling.maxWait())
			.build();
	}

	public <T> Mono<T> spend(Mono<T> request) {
		Mono<T> limited = request;
		if (this.concurrency != null) {
			limited = limited.transformDeferred(BulkheadOperator.of(this.concurrency));
		}
		if (this.rate != null) {
			limited = limited.transformDeferred(RateLimiterOperator.of(this.rate));
		}
		return limited.onErrorMap((ex) -> ex instanceof RequestNotPermitted || ex instanceof BulkheadFullException,
				(ex) -> new SourceErrors.RateLimited("request budget spent"));
	}

}
