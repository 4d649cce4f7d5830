package io.customerdata.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this JVM, with the semantics of Spring Cloud Gateway's Redis script:
 * {@code replenishRate} tokens a second up to {@code burstCapacity}. Idle buckets (full
 * again) are forgotten.
 */
final class InMemoryTokenBuckets implements TokenBuckets {

	private final Map<String, RateLimitProperties.Limit> limits;

	private final LongSupplier nanoTime;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	InMemoryTokenBuckets(Map<String, RateLimitProperties.Limit> limits, LongSupplier nanoTime) {
		this.limits = Map.copyOf(limits);
		this.nanoTime = nanoTime;
	}

	@Override
	public Mono<Boolean> tryTake(String scope, String key) {
		RateLimitProperties.Limit limit = this.limits.get(scope);
		Bucket bucket = this.buckets.get(scope + ":" + key, (k) -> new Bucket(limit, this.nanoTime.getAsLong()));
		return Mono.just(bucket.tryTake(this.nanoTime.getAsLong()));
	}

	private static final class Bucket {

		private final RateLimitProperties.Limit limit;

		private double tokens;

		private long refilledAt;

		Bucket(RateLimitProperties.Limit limit, long now) {
			this.limit = limit;
			this.tokens = limit.burstCapacity();
			this.refilledAt = now;
		}

		synchronized boolean tryTake(long now) {
			double elapsedSeconds = (now - this.refilledAt) / 1e9;
			this.tokens = Math.min(this.limit.burstCapacity(),
					this.tokens + elapsedSeconds * this.limit.replenishRate());
			this.refilledAt = now;
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

	}

}
