package io.customerdata.gateway.policy;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a decision is cached on: the input without what only personal grants read (the
 * instant, the subject's id, the customer's ids), and the ids of the personal grants in
 * force for it. A subject without grants in force shares the role-wide entry; one with
 * them gets entries of their own, which a decision after an expiry or a revocation no
 * longer finds, because its set of grants differs. A grant's content never changes once
 * approved, so its id stands for it. Equality reads the input's role-wide parts in place,
 * so that a cache lookup allocates nothing but this key.
 */
final class DecisionKey {

	private final PolicyInput input;

	private final List<String> grants;

	private final int hash;

	private DecisionKey(PolicyInput input, List<String> grants) {
		this.input = input;
		this.grants = grants;
		PolicyInput.Subject subject = input.subject();
		PolicyInput.Customer customer = input.customer();
		this.hash = Objects.hash((subject != null) ? subject.roles() : null,
				(subject != null) ? subject.department() : null, (subject != null) ? subject.region() : null,
				input.purpose(), (customer != null) ? customer.region() : null,
				(customer != null) && customer.restricted(), (customer != null) ? customer.consents() : null, grants);
	}

	static DecisionKey of(PolicyInput input, List<PersonalGrant> inForce) {
		return new DecisionKey(input, inForce.isEmpty() ? List.of() : inForce.stream().map(PersonalGrant::id).toList());
	}

	/** The input as asked: what the decision itself is made from. */
	PolicyInput input() {
		return this.input;
	}

	/** The input without what only personal grants read. */
	PolicyInput roleWide() {
		PolicyInput.Subject subject = this.input.subject();
		PolicyInput.Customer customer = this.input.customer();
		return new PolicyInput(
				(subject != null)
						? new PolicyInput.Subject(subject.roles(), subject.department(), subject.region()) : null,
				this.input.purpose(),
				(customer != null)
						? new PolicyInput.Customer(customer.region(), customer.restricted(), customer.consents())
						: null);
	}

	boolean personal() {
		return !this.grants.isEmpty();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof DecisionKey key) || key.hash != this.hash || !key.grants.equals(this.grants)
				|| !Objects.equals(key.input.purpose(), this.input.purpose())) {
			return false;
		}
		return sameSubject(key.input.subject(), this.input.subject())
				&& sameCustomer(key.input.customer(), this.input.customer());
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	private static boolean sameSubject(PolicyInput.@Nullable Subject a, PolicyInput.@Nullable Subject b) {
		if (a == null || b == null) {
			return a == b;
		}
		return Objects.equals(a.roles(), b.roles()) && Objects.equals(a.department(), b.department())
				&& Objects.equals(a.region(), b.region());
	}

	private static boolean sameCustomer(PolicyInput.@Nullable Customer a, PolicyInput.@Nullable Customer b) {
		if (a == null || b == null) {
			return a == b;
		}
		return a.restricted() == b.restricted() && Objects.equals(a.region(), b.region())
				&& Objects.equals(a.consents(), b.consents());
	}

}
