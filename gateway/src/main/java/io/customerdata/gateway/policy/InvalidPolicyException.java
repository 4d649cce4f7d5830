package io.customerdata.gateway.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document that must not become active, with everything wrong with it. */
public final class InvalidPolicyException extends RuntimeException {

	private final List<PolicyViolation> violations;

	public InvalidPolicyException(List<PolicyViolation> violations) {
		super("Invalid policy document: "
				+ violations.stream().map(PolicyViolation::toString).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	public List<PolicyViolation> violations() {
		return this.violations;
	}

}
