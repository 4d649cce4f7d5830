package io.customerdata.gateway.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PersonalGrant;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyStore;
import io.customerdata.gateway.policyadmin.DecisionComparison;

/**
 * What approving a request would add, field by field, under the policy in force: the
 * requester's decision with the grants they hold now, against the same with the request
 * approved this instant. The customer is the one the request names, or the best case (in
 * the requester's region, not restricted, consenting to the purpose), so that the
 * comparison shows the most the grant can add.
 */
final class RequestSimulation {

	private final PolicyStore policy;

	RequestSimulation(PolicyStore policy) {
		this.policy = policy;
	}

	DecisionComparison simulate(AccessRequest request, Instant now) {
		PolicyStore.Published published = this.policy.current();
		CompiledPolicy compiled = published.compiled();
		AccessRequest.Requester who = request.requester();
		PolicyInput input = new PolicyInput(
				new PolicyInput.Subject(Set.copyOf(who.roles()), who.department(), who.region(), who.id()),
				request.purpose(), new PolicyInput.Customer(who.region(), false, Map.of(request.purpose(), true),
						(request.customer() != null) ? List.of(request.customer()) : List.of()),
				now);
		List<PersonalGrant> held = published.grants().inForce(input, () -> now);
		List<PersonalGrant> withRequest = new ArrayList<>(held);
		withRequest.addAll(approvedAt(request, now).grants());
		Decision before = compiled.decide(input, held);
		Decision after = compiled.decide(input, withRequest);
		return DecisionComparison.of(before, after, request.fieldsBySource().keySet());
	}

	private static AccessRequest approvedAt(AccessRequest r, Instant now) {
		return new AccessRequest(r.id(), r.requester(), r.fields(), r.purpose(), r.customer(), r.justification(),
				r.duration(), AccessRequest.Status.APPROVED, r.createdAt(), r.pendingUntil(), r.firstApprover(), now,
				null, null, now.plus(r.duration()), null, null, null);
	}

}
