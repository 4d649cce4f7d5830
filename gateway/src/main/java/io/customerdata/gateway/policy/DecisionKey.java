package io.customerdata.gateway.policy;

import java.time.Instant;
import java.util.List;

/**
 * What a decision is cached on: the input without what only personal grants read (the
 * instant, the subject's id, the customer's ids), and the ids of the personal grants in
 * force for it. A subject without grants in force shares the role-wide entry; one with
 * them gets entries of their own, which a decision after an expiry or a revocation no
 * longer finds, because its set of grants differs. A grant's content never changes once
 * approved, so its id stands for it.
 */
record DecisionKey(PolicyInput input, List<String> grants) {

	static DecisionKey of(PolicyInput input, List<PersonalGrant> inForce) {
		PolicyInput.Subject subject = input.subject();
		PolicyInput.Customer customer = input.customer();
		PolicyInput roleWide = new PolicyInput(
				(subject != null)
						? new PolicyInput.Subject(subject.roles(), subject.department(), subject.region()) : null,
				input.purpose(),
				(customer != null)
						? new PolicyInput.Customer(customer.region(), customer.restricted(), customer.consents())
						: null);
		return new DecisionKey(roleWide, inForce.stream().map(PersonalGrant::id).toList());
	}

	static DecisionKey of(PolicyInput input, PersonalGrants grants, Instant now) {
		return of(input,
				(input.subject() != null && input.customer() != null) ? grants.inForce(input, now) : List.of());
	}

	boolean personal() {
		return !this.grants.isEmpty();
	}

}
