package io.customerdata.gateway.policy;

import java.time.Clock;
import java.util.List;
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
 * The policy evaluated in the JVM. Decisions are cached on exactly what they depend on
 * ({@link DecisionKey}); the cache belongs to the compiled version, so switching versions
 * (atomically, with {@link #activate}) drops every decision of the old one. New personal
 * grants ({@link #grant}) keep it: only the entries of subjects with grants in force
 * depend on them, and those are keyed on the grants.
 */
public class EmbeddedPolicyDecisionPoint implements PolicyDecisionPoint {

	/** Hits and misses over every version's cache, for the cache's hit ratio. */
	private final StatsCounter stats = new ConcurrentStatsCounter();

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPolicyDecisionPoint.class);

	private final int cacheSize;

	private final Clock clock;

	private final AtomicReference<Active> active = new AtomicReference<>();

	private record Active(CompiledPolicy policy, PersonalGrants grants, Cache<DecisionKey, Decision> decisions) {
	}

	public EmbeddedPolicyDecisionPoint(CompiledPolicy policy, int cacheSize) {
		this(policy, PersonalGrants.NONE, cacheSize, Clock.systemUTC());
	}

	/**
	 * @param clock what personal grants are in force at, unless the input says
	 */
	public EmbeddedPolicyDecisionPoint(CompiledPolicy policy, PersonalGrants grants, int cacheSize, Clock clock) {
		this.cacheSize = cacheSize;
		this.clock = clock;
		this.active.set(new Active(policy, grants, newCache()));
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

	private Decision decide(Active current, PolicyInput input) {
		try {
			// The clock is read only for a subject who holds grants.
			List<PersonalGrant> inForce = current.grants()
				.inForce(input, () -> (input.now() != null) ? input.now() : this.clock.instant());
			return current.decisions()
				.get(DecisionKey.of(input, inForce), (key) -> current.policy().decide(input, inForce));
		}
		catch (RuntimeException ex) {
			log.error("Policy evaluation failed ({}); denying", ex.getClass().getName());
			return Decision.deny(Decision.Reason.EVALUATION_ERROR, current.policy().version(), input.purpose());
		}
	}

	/** Makes a compiled version the one every new decision uses. */
	public void activate(CompiledPolicy policy) {
		this.active.updateAndGet((current) -> new Active(policy, current.grants(), newCache()));
	}

	/** Makes a set of personal grants the one every new decision uses. */
	public void grant(PersonalGrants grants) {
		this.active.updateAndGet((current) -> new Active(current.policy(), grants, current.decisions()));
	}

	private Cache<DecisionKey, Decision> newCache() {
		return Caffeine.newBuilder().maximumSize(this.cacheSize).recordStats(() -> this.stats).build();
	}

	/** Decision cache hits and misses since start-up, across policy versions. */
	public CacheStats cacheStats() {
		return this.stats.snapshot();
	}

}
