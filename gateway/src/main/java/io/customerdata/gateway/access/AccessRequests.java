package io.customerdata.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.customerdata.gateway.observability.TimeOrderedId;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PersonalGrant;
import io.customerdata.gateway.policy.PersonalGrants;
import io.customerdata.gateway.policy.PolicyStore;
import io.customerdata.gateway.policyadmin.PolicyDrafts;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.Subject;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of access requests: filed by anyone the policy knows, decided only by security
 * officers and never by the requester; approval makes a personal grant from now for the
 * requested duration, rejection says why, promotion makes a role-wide draft that takes
 * four eyes as every policy change does. Blocking: called on bounded-elastic workers.
 */
public final class AccessRequests {

	private final AccessRequestRepository repository;

	private final TransactionTemplate transactions;

	private final PolicyStore policy;

	private final PolicyDrafts drafts;

	private final AccessRequestProperties properties;

	private final Clock clock;

	private final AccessRequestForm form;

	AccessRequests(AccessRequestRepository repository, TransactionTemplate transactions, PolicyStore policy,
			PolicyDrafts drafts, AccessRequestProperties properties, Clock clock) {
		this.repository = repository;
		this.transactions = transactions;
		this.policy = policy;
		this.drafts = drafts;
		this.properties = properties;
		this.clock = clock;
		this.form = new AccessRequestForm(properties.maxDuration());
	}

	/**
	 * A step taken: the request as it is now, and what happened ({@code approved}, …).
	 */
	record Step(AccessRequest request, String what) {
	}

	/**
	 * Now, to the microsecond the database keeps: a grant approved now must be in force
	 * now, not a rounded-up fraction of a microsecond later.
	 */
	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	Step file(Subject requester, AccessRequestForm.Filed filed) {
		CompiledPolicy active = this.policy.current().compiled();
		if (active.knownRoles(requester.roles()).isEmpty()) {
			throw GatewayProblem.forbidden("None of your roles is one the policy knows: there is nothing to widen.");
		}
		AccessRequestForm.Valid valid = this.form.validate(active, filed);
		Instant now = now();
		AccessRequest request = new AccessRequest(TimeOrderedId.next().toString(),
				new AccessRequest.Requester(requester.id(), requester.username(),
						requester.roles().stream().sorted().toList(), requester.department(), requester.region()),
				valid.fields(), valid.purpose(), valid.customer(), valid.justification(), valid.duration(),
				AccessRequest.Status.PENDING, now, now.plus(this.properties.pendingFor()), null, null, null, null, null,
				null, null, null);
		this.repository.insert(request);
		return new Step(request, "created");
	}

	List<AccessRequest> mine(Subject subject) {
		return this.repository.byRequester(subject.id());
	}

	AccessRequest mine(Subject subject, String id) {
		AccessRequest request = get(id);
		if (!request.requester().id().equals(subject.id())) {
			// Another's request does not exist, as far as this caller can tell.
			throw notFound(id);
		}
		return request;
	}

	List<AccessRequest> queue(AccessRequest.@Nullable Status status, int limit) {
		return this.repository.byStatus(status, limit);
	}

	AccessRequest get(String id) {
		return this.repository.find(id).orElseThrow(() -> notFound(id));
	}

	/**
	 * One officer's approval. Where two are required, the first is recorded and the
	 * request stays pending until a second officer approves.
	 */
	Step approve(Subject officer, String id, @Nullable String comment) {
		return inTransaction(() -> {
			AccessRequest request = decidable(officer, id, "approve");
			if (this.properties.approvals() == 2 && request.firstApprover() == null) {
				if (!this.repository.firstApproval(id, officer.username())) {
					throw conflict(get(id), "approved");
				}
				return new Step(get(id), "endorsed");
			}
			if (officer.username().equals(request.firstApprover())) {
				throw GatewayProblem.of(ProblemType.FOUR_EYES,
						"You approved this request already: a second officer must approve it too.");
			}
			if (!this.repository.approve(id, officer.username(), comment, now(), request.duration())) {
				throw conflict(get(id), "approved");
			}
			return new Step(get(id), "approved");
		});
	}

	Step reject(Subject officer, String id, @Nullable String comment) {
		String why = AccessRequestForm.required(comment, "comment");
		return inTransaction(() -> {
			decidable(officer, id, "reject");
			if (!this.repository.decide(id, AccessRequest.Status.REJECTED, officer.username(), why, now(), null)) {
				throw conflict(get(id), "rejected");
			}
			return new Step(get(id), "rejected");
		});
	}

	/**
	 * A role-wide draft from the request: the requester's roles may read the requested
	 * fields for the purpose, up to their clearance. It takes four eyes to publish.
	 */
	Step promote(Subject officer, String id, @Nullable String comment) {
		return inTransaction(() -> {
			AccessRequest request = decidable(officer, id, "promote");
			CompiledPolicy active = this.policy.current().compiled();
			List<String> roles = active.knownRoles(request.requester().roles());
			String level = active.clearanceOf(roles)
				.orElseThrow(() -> GatewayProblem.of(ProblemType.POLICY_STATE_CONFLICT,
						"The policy in force knows none of the requester's roles any more."));
			List<PolicyDrafts.ProposedGrant> grants = new ArrayList<>();
			request.fieldsBySource()
				.forEach((source,
						fields) -> grants.add(new PolicyDrafts.ProposedGrant("request-" + id + "-" + source,
								"From access request " + id + " by " + request.requester().username() + ".", roles,
								source, List.of(request.purpose()), level, fields.isEmpty() ? null : fields)));
			PolicyDrafts.Drafted draft = this.drafts.withGrants(officer.username(), grants,
					(comment != null) ? comment : "promoted from access request " + id);
			if (!this.repository.decide(id, AccessRequest.Status.PROMOTED, officer.username(), comment, now(),
					draft.id())) {
				throw conflict(get(id), "promoted");
			}
			return new Step(get(id), "promoted");
		});
	}

	/** Ends a grant now; any officer may, whoever approved it. */
	Step revoke(Subject officer, String id, @Nullable String comment) {
		return inTransaction(() -> {
			AccessRequest request = get(id);
			if (!this.repository.revoke(id, officer.username(), comment, now())) {
				throw conflict(request, "revoked: only a grant in force can be");
			}
			return new Step(get(id), "revoked");
		});
	}

	/**
	 * Expires the requests nobody decided in time; each is returned once, to one replica.
	 */
	List<Step> expirePending() {
		Instant now = now();
		List<Step> expired = new ArrayList<>();
		for (String id : this.repository.pendingDue(now)) {
			if (this.repository.expire(id, now)) {
				expired.add(new Step(get(id), "expired"));
			}
		}
		return expired;
	}

	/**
	 * Grants ending within the notice, and past half their time (a grant of a day is not
	 * ending soon the moment it is approved), each returned once, to one replica.
	 */
	List<AccessRequest> expiringSoon() {
		Instant now = now();
		List<AccessRequest> expiring = new ArrayList<>();
		for (String id : this.repository.expiringUnannounced(now, now.plus(this.properties.expiringNotice()))) {
			AccessRequest grant = get(id);
			Instant ends = java.util.Objects.requireNonNull(grant.grantExpiresAt(), "an approved request's grant ends");
			boolean pastHalf = Duration.between(now, ends).compareTo(grant.duration().dividedBy(2)) <= 0;
			if (pastHalf && this.repository.markExpiryAnnounced(id)) {
				expiring.add(grant);
			}
		}
		return expiring;
	}

	/** Requests filed in a period, oldest first: what the insights count. */
	public List<AccessRequest> filedBetween(Instant from, Instant to) {
		return this.repository.filedBetween(from, to);
	}

	/** Approved requests whose grant is in force now. */
	public List<AccessRequest> grantsInForce() {
		Instant now = now();
		return this.repository.grantsUnexpired(now).stream().filter((request) -> request.grantInForce(now)).toList();
	}

	/** Every personal grant that has not run out: what the policy store publishes. */
	PersonalGrants grants() {
		List<PersonalGrant> grants = new ArrayList<>();
		this.repository.grantsUnexpired(now()).forEach((request) -> grants.addAll(request.grants()));
		return PersonalGrants.of(grants);
	}

	private AccessRequest decidable(Subject officer, String id, String step) {
		AccessRequest request = get(id);
		if (request.requester().id().equals(officer.id())) {
			throw GatewayProblem.of(ProblemType.FOUR_EYES,
					"This is your own request: another security officer must " + step + " it.");
		}
		if (request.status() == AccessRequest.Status.PENDING && !now().isBefore(request.pendingUntil())) {
			throw GatewayProblem.of(ProblemType.ACCESS_REQUEST_STATE_CONFLICT, "Access request " + id + " expired at "
					+ request.pendingUntil() + " undecided; the requester may file it again.");
		}
		if (request.status() != AccessRequest.Status.PENDING) {
			throw conflict(request, step + "d");
		}
		return request;
	}

	private static GatewayProblem notFound(String id) {
		return GatewayProblem.of(ProblemType.NOT_FOUND, "There is no access request " + id + ".");
	}

	private static GatewayProblem conflict(AccessRequest request, String what) {
		return GatewayProblem.of(ProblemType.ACCESS_REQUEST_STATE_CONFLICT,
				"Access request " + request.id() + " is " + request.status().code() + " and cannot be " + what + ".");
	}

	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> work.get());
		if (result == null) {
			throw new IllegalStateException("transaction returned nothing");
		}
		return result;
	}

}
