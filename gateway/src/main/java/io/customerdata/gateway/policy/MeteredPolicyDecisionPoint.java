package io.customerdata.gateway.policy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * Counts decisions ({@code gateway.policy.decisions{engine, outcome, reason}}) and times
 * them ({@code gateway.policy.decision.latency{engine}}). Tags are bounded: engines and
 * reasons are enumerations.
 */
final class MeteredPolicyDecisionPoint implements PolicyDecisionPoint {

	private final PolicyDecisionPoint delegate;

	private final String engine;

	private final MeterRegistry meters;

	private final Timer latency;

	MeteredPolicyDecisionPoint(PolicyDecisionPoint delegate, PolicyProperties.Engine engine, MeterRegistry meters) {
		this.delegate = delegate;
		this.engine = engine.name().toLowerCase(Locale.ROOT);
		this.meters = meters;
		this.latency = Timer.builder("gateway.policy.decision.latency")
			.tag("engine", this.engine)
			.publishPercentileHistogram()
			.register(meters);
	}

	private MeteredPolicyDecisionPoint(PolicyDecisionPoint delegate, MeteredPolicyDecisionPoint metrics) {
		this.delegate = delegate;
		this.engine = metrics.engine;
		this.meters = metrics.meters;
		this.latency = metrics.latency;
	}

	@Override
	public Mono<Decision> decide(PolicyInput input) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.delegate.decide(input).doOnNext((decision) -> {
				this.latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				this.meters
					.counter("gateway.policy.decisions", "engine", this.engine, "outcome",
							decision.allow() ? "allow" : "deny", "reason", decision.reason().code())
					.increment();
			});
		});
	}

	@Override
	public PolicyDecisionPoint pinned() {
		return new MeteredPolicyDecisionPoint(this.delegate.pinned(), this);
	}

}
