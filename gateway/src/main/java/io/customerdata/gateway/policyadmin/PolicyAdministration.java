package io.customerdata.gateway.policyadmin;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.InvalidPolicyException;
import io.customerdata.gateway.policy.PolicyReader;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of policy versions. Every save is validated (schema and meaning); a version is
 * never overwritten once submitted; a change is approved or rejected only by another
 * officer than its author (four eyes); every step is recorded with who, when and why.
 * Blocking: the controller calls it on bounded-elastic workers.
 */
final class PolicyAdministration {

	private final PolicyVersionRepository versions;

	private final TransactionTemplate transactions;

	private final PolicyReader reader;

	private final JsonMapper json;

	private final Clock clock;

	PolicyAdministration(PolicyVersionRepository versions, TransactionTemplate transactions, PolicyReader reader,
			JsonMapper json, Clock clock) {
		this.versions = versions;
		this.transactions = transactions;
		this.reader = reader;
		this.json = json;
		this.clock = clock;
	}

	/** A step taken: the version as it is now, and the transition that got it there. */
	record Change(PolicyVersion version, PolicyTransition transition) {
	}

	List<PolicyVersion> all() {
		return this.versions.all();
	}

	PolicyVersion get(long id) {
		return this.versions.find(id)
			.orElseThrow(() -> GatewayProblem.of(ProblemType.NOT_FOUND, "There is no policy version " + id + "."));
	}

	PolicyVersion active() {
		return this.versions.active()
			.orElseThrow(() -> GatewayProblem.of(ProblemType.NOT_FOUND, "No policy version is published yet."));
	}

	/** The number of the version in force; none before any is published. */
	@Nullable Long inForce() {
		return this.versions.activeId().orElse(null);
	}

	List<PolicyTransition> history(long id) {
		get(id);
		return this.versions.transitions(id);
	}

	/**
	 * Checks a document as a save would, without saving it.
	 * @throws GatewayProblem {@code policy-invalid}, listing every violation
	 */
	void validate(JsonNode document) {
		compile(document);
	}

	/**
	 * A new draft: the given document, or a copy of an earlier version's. Its
	 * {@code version} label is assigned here, so that labels never repeat, and it
	 * remembers the version in force when it was started ({@code based_on}): it can only
	 * be published while that version is still in force.
	 */
	Change draft(String actor, @Nullable JsonNode document, @Nullable Long copyOf, @Nullable String comment) {
		JsonNode content = (document != null) ? document : this.json.readTree(get(requireBase(copyOf)).document());
		String why = (comment != null) ? comment : (copyOf != null) ? "copied from version " + copyOf : null;
		return inTransaction(() -> {
			long id = this.versions.nextId();
			Labelled labelled = labelled(content, newLabel(id));
			Instant now = this.clock.instant();
			PolicyVersion draft = new PolicyVersion(id, labelled.version(), PolicyState.DRAFT, actor, now, now,
					inForce(), null, null, labelled.document());
			this.versions.insert(draft);
			return recorded(draft, null, actor, why);
		});
	}

	/** Replaces a draft's document; only its author may, and only while it is a draft. */
	Change edit(String actor, long id, JsonNode document, @Nullable String comment) {
		return inTransaction(() -> {
			PolicyVersion draft = get(id);
			if (!draft.author().equals(actor)) {
				throw GatewayProblem.of(ProblemType.FORBIDDEN,
						"Only its author edits a draft; start your own from it (POST /admin/policies?from=" + id
								+ ").");
			}
			if (draft.state() != PolicyState.DRAFT || !this.versions.updateDraft(id,
					labelled(document, draft.version()).document(), this.clock.instant())) {
				throw conflict(draft, "edited");
			}
			return recorded(get(id), PolicyState.DRAFT, actor, (comment != null) ? comment : "edited");
		});
	}

	Change submit(String actor, long id, @Nullable String comment) {
		return inTransaction(() -> {
			PolicyVersion draft = get(id);
			if (!draft.author().equals(actor)) {
				throw GatewayProblem.of(ProblemType.FORBIDDEN, "Only its author submits a draft.");
			}
			return move(draft, PolicyState.DRAFT, PolicyState.SUBMITTED, actor, comment);
		});
	}

	Change approve(String actor, long id, @Nullable String comment) {
		return inTransaction(() -> {
			PolicyVersion submitted = secondOfficer(actor, id, "approve");
			return move(submitted, PolicyState.SUBMITTED, PolicyState.APPROVED, actor, comment);
		});
	}

	Change reject(String actor, long id, @Nullable String comment) {
		String why = required(comment, "A rejection says why");
		return inTransaction(() -> {
			PolicyVersion submitted = secondOfficer(actor, id, "reject");
			return move(submitted, PolicyState.SUBMITTED, PolicyState.REJECTED, actor, why);
		});
	}

	/**
	 * Puts an approved version in force; the approval already took a second officer. Only
	 * while the version it was drafted under is still in force: otherwise it would
	 * silently undo what was published since.
	 */
	Change publish(String actor, long id, @Nullable String comment) {
		return inTransaction(() -> {
			PolicyVersion approved = get(id);
			Long inForce = inForce();
			if (approved.basedOn() != null && inForce != null && !approved.basedOn().equals(inForce)) {
				throw GatewayProblem.of(ProblemType.POLICY_STATE_CONFLICT,
						"Version " + approved.version() + " was drafted while version " + approved.basedOn()
								+ " was in force; version " + inForce
								+ " is now. Publishing it would undo that change: start a new draft from version "
								+ inForce + ".");
			}
			return move(approved, PolicyState.APPROVED, PolicyState.PUBLISHED, actor, comment);
		});
	}

	/**
	 * Puts an earlier published version back in force, as a new version with the same
	 * content: the history keeps every step. It was approved once, so it is published at
	 * once: a rollback is what an officer reaches for when a change went wrong.
	 */
	Change rollback(String actor, long id, @Nullable String comment) {
		String why = required(comment, "A rollback says why");
		return inTransaction(() -> {
			PolicyVersion earlier = get(id);
			if (earlier.state() != PolicyState.PUBLISHED) {
				throw conflict(earlier, "rolled back to: only a version that was in force can be");
			}
			long newId = this.versions.nextId();
			Labelled labelled = labelled(this.json.readTree(earlier.document()), newLabel(newId));
			Instant now = this.clock.instant();
			PolicyVersion restored = new PolicyVersion(newId, labelled.version(), PolicyState.PUBLISHED, actor, now,
					now, earlier.id(), earlier.id(), now, labelled.document());
			this.versions.insert(restored);
			return recorded(restored, null, actor, "rollback to " + earlier.version() + ": " + why);
		});
	}

	private PolicyVersion secondOfficer(String actor, long id, String step) {
		PolicyVersion version = get(id);
		if (version.author().equals(actor)) {
			throw GatewayProblem.of(ProblemType.FOUR_EYES,
					"You wrote " + version.version() + ": another security officer must " + step + " it.");
		}
		return version;
	}

	private Change move(PolicyVersion version, PolicyState from, PolicyState to, String actor,
			@Nullable String comment) {
		Instant now = this.clock.instant();
		if (version.state() != from || !this.versions.move(version.id(), from, to, now)) {
			throw conflict(version, "moved to " + to.code() + "; it must be " + from.code());
		}
		return recorded(get(version.id()), from, actor, comment);
	}

	private Change recorded(PolicyVersion version, @Nullable PolicyState from, String actor, @Nullable String comment) {
		PolicyTransition transition = new PolicyTransition(version.id(), from, version.state(), actor,
				version.updatedAt(), comment);
		this.versions.insertTransition(transition);
		return new Change(version, transition);
	}

	private record Labelled(String version, String document) {
	}

	/**
	 * The day and the version's number ({@code 2026-11-25.7}), unless an imported version
	 * already carries that label: then with a suffix.
	 */
	private String newLabel(long id) {
		String label = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC) + "." + id;
		String candidate = label;
		for (int suffix = 2; this.versions.labelTaken(candidate); suffix++) {
			candidate = label + "-" + suffix;
		}
		return candidate;
	}

	/**
	 * The document with its label set, after checking that it is a policy the gateway can
	 * enforce.
	 */
	private Labelled labelled(JsonNode document, String label) {
		if (!(document instanceof ObjectNode object)) {
			throw invalid(List.of(Map.of("pointer", "", "message", "the policy document must be a JSON object")));
		}
		ObjectNode copy = object.deepCopy();
		copy.put("version", label);
		compile(copy);
		return new Labelled(label, this.json.writeValueAsString(copy));
	}

	private CompiledPolicy compile(JsonNode document) {
		try {
			return this.reader.compile(document);
		}
		catch (InvalidPolicyException ex) {
			throw invalid(ex.violations()
				.stream()
				.map((violation) -> Map.of("pointer", violation.pointer(), "message", violation.message()))
				.toList());
		}
	}

	private static GatewayProblem invalid(List<Map<String, String>> errors) {
		return GatewayProblem.withExtensions(ProblemType.POLICY_INVALID,
				"The policy document has " + errors.size() + " problem(s); nothing was saved.",
				Map.of("errors", errors));
	}

	private static GatewayProblem conflict(PolicyVersion version, String what) {
		return GatewayProblem.of(ProblemType.POLICY_STATE_CONFLICT,
				"Version " + version.version() + " is " + version.state().code() + " and cannot be " + what + ".");
	}

	private static long requireBase(@Nullable Long basedOn) {
		if (basedOn == null) {
			throw GatewayProblem.badRequest("Send a policy document, or name the version to start from (?from=).");
		}
		return basedOn;
	}

	private static String required(@Nullable String comment, String what) {
		if (comment == null || comment.isBlank()) {
			throw GatewayProblem.badRequest(what + ": send {\"comment\": \"…\"}.");
		}
		return comment;
	}

	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> work.get());
		if (result == null) {
			throw new IllegalStateException("transaction returned nothing");
		}
		return result;
	}

}
