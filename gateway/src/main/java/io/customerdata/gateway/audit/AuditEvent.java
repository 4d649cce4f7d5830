package io.customerdata.gateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.customerdata.gateway.policy.PolicyInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One request for customer data, as the audit trail keeps it: names, ids and reasons,
 * never a field's value.
 *
 * @param id time-ordered (UUID version 7)
 * @param action {@code view}, {@code search}, {@code read}, {@code write} or
 * {@code purge}
 * @param records every customer record concerned, as {@code source:id}
 * @param sources each source asked and how it answered ({@code ok}, {@code timeout}, …)
 * @param disclosed the fields disclosed in clear, by name
 * @param masked the fields disclosed masked, by name
 * @param withheld the fields withheld, by name
 * @param decision {@code allow}, {@code deny} (refused by policy) or {@code none}
 * (nothing to decide, e.g. an unknown customer)
 * @param reason the decision's reason code, or the problem's code
 * @param purged for a purge, how many events it deleted
 * @param purgedBefore for a purge, the cutoff: events before it were deleted
 * @param input what the decision rested on: the subject's roles, department and region,
 * the purpose, and the customer's region, restricted flag and consents (attributes, not
 * the data disclosed), so that a policy change can be replayed against past decisions
 * @param malformed why the database refused the event as it was made (a value longer than
 * its column, say): it was then written with what could be kept, and this reason; absent
 * for every other event
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(UUID id, Instant time, String subject, @Nullable String subjectId, List<String> roles,
		@Nullable String client, @Nullable String purpose, String action, List<String> records,
		Map<String, String> sources, List<String> disclosed, List<String> masked, List<String> withheld,
		String decision, @Nullable String reason, @Nullable String policyVersion, @Nullable String decisionId,
		@Nullable String traceId, int status, long latencyMillis, @Nullable Integer purged,
		@Nullable Instant purgedBefore, @Nullable PolicyInput input, @Nullable String malformed) {

	public static final String ALLOW = "allow";

	public static final String DENY = "deny";

	public static final String NONE = "none";

	/** The purpose recorded for one the policy in force does not know. */
	public static final String UNKNOWN_PURPOSE = "unknown";

	/**
	 * This event with its purpose, and its decision input's, recorded as
	 * {@value #UNKNOWN_PURPOSE}: what a caller sends as a purpose reaches the trail only
	 * if it is one of the policy's.
	 */
	AuditEvent withUnknownPurpose() {
		PolicyInput decided = (this.input != null)
				? new PolicyInput(this.input.subject(), UNKNOWN_PURPOSE, this.input.customer(), this.input.now())
				: null;
		return new AuditEvent(this.id, this.time, this.subject, this.subjectId, this.roles, this.client,
				UNKNOWN_PURPOSE, this.action, this.records, this.sources, this.disclosed, this.masked, this.withheld,
				this.decision, this.reason, this.policyVersion, this.decisionId, this.traceId, this.status,
				this.latencyMillis, this.purged, this.purgedBefore, decided, this.malformed);
	}

	/**
	 * A new event for a subject, stamped now; the rest is filled in as the request goes.
	 */
	public static Builder of(String subject, String action) {
		return new Builder(subject, action);
	}

	/** Collects an event's parts as a request goes. */
	public static final class Builder {

		private final UUID id = io.customerdata.gateway.observability.TimeOrderedId.next();

		private final Instant time = Instant.now();

		private final long start = System.nanoTime();

		private final String subject;

		private final String action;

		private @Nullable String subjectId;

		private List<String> roles = List.of();

		private @Nullable String client;

		private @Nullable String purpose;

		private List<String> records = List.of();

		private Map<String, String> sources = Map.of();

		private List<String> disclosed = List.of();

		private List<String> masked = List.of();

		private List<String> withheld = List.of();

		private String decision = NONE;

		private @Nullable String reason;

		private @Nullable String policyVersion;

		private @Nullable String decisionId;

		private @Nullable String traceId;

		private @Nullable PolicyInput input;

		private @Nullable Integer purged;

		private @Nullable Instant purgedBefore;

		private Builder(String subject, String action) {
			this.subject = subject;
			this.action = action;
		}

		public Builder caller(@Nullable String subjectId, List<String> roles, @Nullable String client) {
			this.subjectId = subjectId;
			this.roles = List.copyOf(roles);
			this.client = client;
			return this;
		}

		public Builder purpose(@Nullable String purpose) {
			this.purpose = purpose;
			return this;
		}

		public Builder records(List<String> records) {
			this.records = List.copyOf(records);
			return this;
		}

		public Builder sources(Map<String, String> sources) {
			this.sources = Map.copyOf(sources);
			return this;
		}

		public Builder fields(List<String> disclosed, List<String> masked, List<String> withheld) {
			this.disclosed = List.copyOf(disclosed);
			this.masked = List.copyOf(masked);
			this.withheld = List.copyOf(withheld);
			return this;
		}

		public Builder decision(String decision, @Nullable String reason, @Nullable String policyVersion,
				@Nullable String decisionId) {
			this.decision = decision;
			this.reason = reason;
			this.policyVersion = policyVersion;
			this.decisionId = decisionId;
			return this;
		}

		public Builder traceId(@Nullable String traceId) {
			this.traceId = traceId;
			return this;
		}

		public Builder input(PolicyInput input) {
			this.input = input;
			return this;
		}

		public Builder purged(int events, Instant before) {
			this.purged = events;
			this.purgedBefore = before;
			return this;
		}

		/** The event, with the status answered and the time taken until now. */
		public AuditEvent build(int status) {
			return new AuditEvent(this.id, this.time, this.subject, this.subjectId, this.roles, this.client,
					this.purpose, this.action, this.records, this.sources, this.disclosed, this.masked, this.withheld,
					this.decision, this.reason, this.policyVersion, this.decisionId, this.traceId, status,
					(System.nanoTime() - this.start) / 1_000_000, this.purged, this.purgedBefore, this.input, null);
		}

	}

}
