package io.customerdata.gateway.ratelimit;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

/**
 * Token buckets in Redis, through Spring Cloud Gateway's {@link RedisRateLimiter} (one
 * Lua script per request, so replicas share every bucket exactly). Like Spring Cloud
 * Gateway, an unreachable Redis lets requests through rather than take the API down.
 */
final class RedisTokenBuckets implements TokenBuckets {

	private final RedisRateLimiter limiter;

	RedisTokenBuckets(RedisRateLimiter limiter, Map<String, RateLimitProperties.Limit> limits) {
		this.limiter = limiter;
		limits.forEach((scope, limit) -> limiter.getConfig()
			.put(scope,
					new RedisRateLimiter.Config().setReplenishRate(limit.replenishRate())
						.setBurstCapacity(limit.burstCapacity())
						.setRequestedTokens(1)));
	}

	@Override
	public Mono<Boolean> tryTake(String scope, String key) {
		return this.limiter.isAllowed(scope, key).map(RateLimiter.Response::isAllowed);
	}

}
