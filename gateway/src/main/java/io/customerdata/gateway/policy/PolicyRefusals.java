package io.customerdata.gateway.policy;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;

/** The problem a caller gets for a decision that discloses nothing. */
public final class PolicyRefusals {

	private PolicyRefusals() {
	}

	public static GatewayProblem problem(Decision decision) {
		return switch (decision.reason()) {
			case UNKNOWN_PURPOSE -> GatewayProblem.of(ProblemType.UNKNOWN_PURPOSE,
					"Purpose '" + decision.purpose() + "' is not one the policy knows (X-Purpose).");
			case PURPOSE_REQUIRED ->
				GatewayProblem.of(ProblemType.PURPOSE_REQUIRED, "State a purpose in the X-Purpose header.");
			case EVALUATION_ERROR, INVALID_INPUT ->
				GatewayProblem.of(ProblemType.POLICY_UNAVAILABLE, "The policy could not decide; nothing is disclosed.");
			default ->
				GatewayProblem.of(ProblemType.POLICY_DENIED, "Denied by policy: " + decision.reason().code() + ".");
		};
	}

}
