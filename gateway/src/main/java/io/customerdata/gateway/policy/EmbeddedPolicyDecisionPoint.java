package io.customerdata.gateway.policy;

import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The policy evaluated in the JVM. Decisions are cached on exactly their input; the cache
 * belongs to the compiled version, so switching versions (atomically, with
 * {@link #activate}) drops every decision of the old one.
 */
public class EmbeddedPolicyDecisionPoint implements PolicyDecisionPoint {

	/** Hits and misses over every version's cache, for the cache's hit ratio. */
	private final StatsCounter stats = new ConcurrentStatsCounter();

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPolicyDecisionPoint.class);

	private final int cacheSize;

	private final AtomicReference<Active> active = new AtomicReference<>();

	private record Active(CompiledPolicy policy, Cache<PolicyInput, Decision> decisions) {
	}

	public EmbeddedPolicyDecisionPoint(CompiledPolicy policy, int cacheSize) {
		this.cacheSize = cacheSize;
		activate(policy);
	}

	@Override
	public Mono<Decision> decide(PolicyInput input) {
		return Mono.fromSupplier(() -> decideNow(input));
	}

	/** Decisions from the version in force now, whatever is activated meanwhile. */
	@Override
	public PolicyDecisionPoint pinned() {
		Active now = this.active.get();
		return (input) -> Mono.fromSupplier(() -> decide(now, input));
	}

	/** Decides on the calling thread: a pure, non-blocking computation. */
	public Decision decideNow(PolicyInput input) {
		return decide(this.active.get(), input);
	}

	private static Decision decide(Active current, PolicyInput input) {
		try {
			return current.decisions().get(input, current.policy()::decide);
		}
		catch (RuntimeException ex) {
			log.error("Policy evaluation failed ({}); denying", ex.getClass().getName());
			return Decision.deny(Decision.Reason.EVALUATION_ERROR, current.policy().version(), input.purpose());
		}
	}

	/** Makes a compiled version the one every new decision uses. */
	public void activate(CompiledPolicy policy) {
		this.active.set(new Active(policy,
				Caffeine.newBuilder().maximumSize(this.cacheSize).recordStats(() -> this.stats).build()));
	}

	/** Decision cache hits and misses since start-up, across policy versions. */
	public CacheStats cacheStats() {
		return this.stats.snapshot();
	}

}
