package io.customerdata.gateway.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every personal grant published, by subject: the part of the policy that changes without
 * a new version. Grants that expired before publication are left out; a revoked grant
 * stays, with its revocation time, until it would have expired.
 */
public final class PersonalGrants {

	public static final PersonalGrants NONE = new PersonalGrants(List.of());

	private final List<PersonalGrant> all;

	private final Map<String, List<PersonalGrant>> bySubject;

	private PersonalGrants(List<PersonalGrant> all) {
		this.all = all;
		this.bySubject = all.stream().collect(Collectors.groupingBy(PersonalGrant::subject));
	}

	/** The grants, in id order, so that equal sets publish the same document. */
	public static PersonalGrants of(Collection<PersonalGrant> grants) {
		return new PersonalGrants(grants.stream().sorted(Comparator.comparing(PersonalGrant::id)).toList());
	}

	public List<PersonalGrant> all() {
		return this.all;
	}

	/**
	 * The grants that can apply to this input at an instant: for its subject and
	 * customer, in force. Which of them a decision uses depends on the purpose it decides
	 * for. The instant is asked for only when the subject holds grants; an input without
	 * subject or customer has none.
	 */
	public List<PersonalGrant> inForce(PolicyInput input, Supplier<Instant> now) {
		if (input.subject() == null || input.customer() == null || input.subject().id() == null) {
			return List.of();
		}
		List<PersonalGrant> own = this.bySubject.get(input.subject().id());
		if (own == null) {
			return List.of();
		}
		Instant at = now.get();
		List<String> customer = input.customer().idsOrNone();
		return own.stream().filter((grant) -> grant.inForce(at) && grant.coversCustomer(customer)).toList();
	}

	/** The document OPA reads: grant id to grant. */
	public Map<String, PersonalGrant> document() {
		return this.all.stream()
			.collect(Collectors.toMap(PersonalGrant::id, (grant) -> grant, (a, b) -> a, java.util.TreeMap::new));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PersonalGrants grants && grants.all.equals(this.all);
	}

	@Override
	public int hashCode() {
		return this.all.hashCode();
	}

}
