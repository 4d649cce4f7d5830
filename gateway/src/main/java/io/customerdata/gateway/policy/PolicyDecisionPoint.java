package io.customerdata.gateway.policy;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Answers what a subject may see. Implementations never fail: anything they cannot decide
 * is a deny ({@code evaluation-error}), so that no decision means no data.
 */
public interface PolicyDecisionPoint {

	Mono<Decision> decide(PolicyInput input);

	/**
	 * This decision point as it stands for one request: every decision of a request comes
	 * from the policy version in force when it started, even if another is published
	 * meanwhile (where the engine lets the gateway choose).
	 */
	default PolicyDecisionPoint pinned() {
		return this;
	}

	/**
	 * The decision for the best case: a customer in the subject's region, not restricted,
	 * consenting to the purpose. What it denies, no real customer can be shown, so it
	 * tells which sources are worth asking at all, before any customer is known.
	 * @param purpose the stated purpose; {@code null} takes the role's default
	 */
	default Mono<Decision> decideBestCase(PolicyInput.Subject who, @Nullable String purpose) {
		if (purpose != null) {
			return decide(consentingInRegion(who, purpose));
		}
		// No stated purpose: the first decision resolves the role's default, the second
		// consents to it.
		return decide(new PolicyInput(who, null, new PolicyInput.Customer(who.region(), false, Map.of())))
			.flatMap((first) -> (first.purpose() == null) ? Mono.just(first)
					: decide(consentingInRegion(who, first.purpose())));
	}

	private static PolicyInput consentingInRegion(PolicyInput.Subject who, String purpose) {
		return new PolicyInput(who, purpose, new PolicyInput.Customer(who.region(), false, Map.of(purpose, true)));
	}

}
