package io.customerdata.gateway.ratelimit;

import java.util.List;
import java.util.Map;

import io.customerdata.gateway.problem.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** The rate limits, with their buckets where {@code gateway.rate-limit.store} says. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	@Bean
	RateLimitWebFilter rateLimitWebFilter(RateLimitProperties properties, ProblemResponses problems,
			MeterRegistry meters, ObjectProvider<ReactiveStringRedisTemplate> redis,
			ObjectProvider<RedisScript<List<Long>>> script, ObjectProvider<ConfigurationService> configuration) {
		Map<String, RateLimitProperties.Limit> limits = Map.of(RateLimitWebFilter.SUBJECT, properties.subject(),
				RateLimitWebFilter.CLIENT, properties.client());
		TokenBuckets buckets;
		if (properties.store() == RateLimitProperties.Store.REDIS) {
			ReactiveStringRedisTemplate template = redis.getObject();
			// Spring Cloud Gateway's token-bucket script, read once: its resource-backed
			// form reads the file whenever Redis asks for the source (a blocking read on
			// an
			// event loop). Lettuce opens its shared connection on first use, blocking
			// too:
			// so both happen here, at start-up.
			@SuppressWarnings("unchecked")
			RedisScript<List<Long>> tokenBucket = new DefaultRedisScript<>(script.getObject().getScriptAsString(),
					(Class<List<Long>>) (Class<?>) List.class);
			template.getConnectionFactory().getReactiveConnection();
			buckets = new RedisTokenBuckets(new RedisRateLimiter(template, tokenBucket, configuration.getObject()),
					limits);
		}
		else {
			buckets = new InMemoryTokenBuckets(limits, System::nanoTime);
		}
		return new RateLimitWebFilter(buckets, problems, meters);
	}

}
