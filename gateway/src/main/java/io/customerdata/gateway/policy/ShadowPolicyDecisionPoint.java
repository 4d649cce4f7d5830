package io.customerdata.gateway.policy;

import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Serves the primary engine's decisions while asking a second engine too, and counts
 * ({@code gateway.policy.disagreements}) and logs every decision they disagree on: how an
 * organisation moves from one engine to the other without risk. The shadow is asked
 * alongside and never delays or changes an answer; the log names reasons and fields,
 * never a value.
 */
final class ShadowPolicyDecisionPoint implements PolicyDecisionPoint {

	private static final Logger log = LoggerFactory.getLogger(ShadowPolicyDecisionPoint.class);

	private final PolicyDecisionPoint primary;

	private final PolicyDecisionPoint shadow;

	private final String engines;

	private final Counter disagreements;

	ShadowPolicyDecisionPoint(PolicyDecisionPoint primary, PolicyProperties.Engine primaryEngine,
			PolicyDecisionPoint shadow, PolicyProperties.Engine shadowEngine, MeterRegistry meters) {
		this(primary, shadow,
				primaryEngine.name().toLowerCase() + " (shadow: " + shadowEngine.name().toLowerCase() + ")",
				meters.counter("gateway.policy.disagreements", "primary", primaryEngine.name().toLowerCase(), "shadow",
						shadowEngine.name().toLowerCase()));
	}

	private ShadowPolicyDecisionPoint(PolicyDecisionPoint primary, PolicyDecisionPoint shadow, String engines,
			Counter disagreements) {
		this.primary = primary;
		this.shadow = shadow;
		this.engines = engines;
		this.disagreements = disagreements;
	}

	@Override
	public Mono<Decision> decide(PolicyInput input) {
		return this.primary.decide(input)
			.doOnNext((served) -> this.shadow.decide(input)
				.subscribe((other) -> compare(served, other),
						(ex) -> log.warn("Shadow policy engine failed: {}", ex.getClass().getSimpleName())));
	}

	@Override
	public PolicyDecisionPoint pinned() {
		return new ShadowPolicyDecisionPoint(this.primary.pinned(), this.shadow.pinned(), this.engines,
				this.disagreements);
	}

	private void compare(Decision served, Decision other) {
		if (served.allow() == other.allow() && served.reason() == other.reason()
				&& Objects.equals(served.purpose(), other.purpose()) && served.sources().equals(other.sources())) {
			return;
		}
		this.disagreements.increment();
		log.warn("Policy engines {} disagree for purpose {}: served {} ({}), shadow {} ({}); fields differing: {}",
				this.engines, served.purpose(), served.allow() ? "allow" : "deny", served.reason().code(),
				other.allow() ? "allow" : "deny", other.reason().code(), differingFields(served, other));
	}

	/** {@code source:field} names whose views differ. */
	static TreeSet<String> differingFields(Decision a, Decision b) {
		TreeSet<String> fields = new TreeSet<>();
		TreeSet<String> sources = new TreeSet<>(a.sources().keySet());
		sources.addAll(b.sources().keySet());
		for (String source : sources) {
			var left = a.sources().getOrDefault(source, Map.of());
			var right = b.sources().getOrDefault(source, Map.of());
			TreeSet<String> names = new TreeSet<>(left.keySet());
			names.addAll(right.keySet());
			names.stream()
				.filter((field) -> !Objects.equals(left.get(field), right.get(field)))
				.forEach((field) -> fields.add(source + ":" + field));
		}
		return fields;
	}

}
