package io.customerdata.gateway.policy;

import java.util.Map;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;

/** The problem a caller gets for a decision that discloses nothing. */
public final class PolicyRefusals {

	private PolicyRefusals() {
	}

	/**
	 * The problem for a decision about one customer: with {@code hideExistence}, a
	 * refusal because of who the customer is (another region, restricted) is the very
	 * problem an unknown customer gets, so that it tells nothing of the customer's
	 * existence; its reason stays, for the audit trail only.
	 * @param unknown what the same request gets when no such customer exists
	 */
	public static GatewayProblem problem(Decision decision, boolean hideExistence, GatewayProblem unknown) {
		if (hideExistence && (decision.reason() == Decision.Reason.OUT_OF_REGION
				|| decision.reason() == Decision.Reason.RESTRICTED_CUSTOMER)) {
			return GatewayProblem.refusal(unknown.type(), unknown.getMessage(), decision.reason().code());
		}
		return problem(decision);
	}

	/**
	 * The problem for a decision, with how to ask for access when the policy has no grant
	 * for the purpose (the only refusal an access request can lift).
	 * @param hint the {@link AccessHints} for the refused sources; empty for none
	 */
	public static GatewayProblem problem(Decision decision, Map<String, Object> hint) {
		if (decision.reason() == Decision.Reason.NO_GRANT && !hint.isEmpty()) {
			return GatewayProblem.refusal(ProblemType.POLICY_DENIED, "Denied by policy: no-grant.",
					decision.reason().code(), Map.of("access_request", hint));
		}
		return problem(decision);
	}

	public static GatewayProblem problem(Decision decision) {
		String reason = decision.reason().code();
		return switch (decision.reason()) {
			case UNKNOWN_PURPOSE -> GatewayProblem.refusal(ProblemType.UNKNOWN_PURPOSE,
					"Purpose '" + decision.purpose() + "' is not one the policy knows (X-Purpose).", reason);
			case PURPOSE_REQUIRED -> GatewayProblem.refusal(ProblemType.PURPOSE_REQUIRED,
					"State a purpose in the X-Purpose header.", reason);
			case EVALUATION_ERROR, INVALID_INPUT -> GatewayProblem.refusal(ProblemType.POLICY_UNAVAILABLE,
					"The policy could not decide; nothing is disclosed.", reason);
			default -> GatewayProblem.refusal(ProblemType.POLICY_DENIED, "Denied by policy: " + reason + ".", reason);
		};
	}

}
