package io.customerdata.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.customerdata.gateway.policy.PersonalGrant;
import org.jspecify.annotations.Nullable;

/**
 * A caller's request for fields the policy withholds, and, once approved, the personal
 * grant it became.
 *
 * @param fields {@code source:field} names, or a bare {@code source} for all of it
 * @param customer one customer record ({@code source:id}) the request is limited to
 * @param duration how long the grant runs from its approval
 * @param pendingUntil when the request expires if nobody decides it
 * @param firstApprover the first of two approvals, where two are required
 * @param grantExpiresAt when the grant ends: approval plus duration
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRequest(String id, Requester requester, List<String> fields, String purpose,
		@Nullable String customer, String justification, Duration duration, Status status,
		@JsonProperty("created_at") Instant createdAt, @JsonProperty("pending_until") Instant pendingUntil,
		@JsonProperty("first_approver") @Nullable String firstApprover,
		@JsonProperty("decided_at") @Nullable Instant decidedAt, @JsonProperty("decided_by") @Nullable String decidedBy,
		@JsonProperty("decision_comment") @Nullable String decisionComment,
		@JsonProperty("grant_expires_at") @Nullable Instant grantExpiresAt,
		@JsonProperty("revoked_at") @Nullable Instant revokedAt, @JsonProperty("revoked_by") @Nullable String revokedBy,
		@JsonProperty("promoted_version") @Nullable Long promotedVersion) {

	/**
	 * Who asked, with the attributes their token carried when they asked.
	 *
	 * @param id the token's {@code sub}, which the grant names
	 * @param username for people reading the queue
	 */
	public record Requester(String id, String username, List<String> roles, @Nullable String department,
			@Nullable String region) {
	}

	public enum Status {

		PENDING, APPROVED, REJECTED, PROMOTED, EXPIRED, REVOKED;

		@JsonValue
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Status of(String code) {
			return valueOf(code.toUpperCase(Locale.ROOT));
		}

	}

	/** The requested fields by source; an empty list stands for the whole source. */
	public Map<String, List<String>> fieldsBySource() {
		Map<String, List<String>> bySource = new LinkedHashMap<>();
		for (String name : this.fields) {
			int colon = name.indexOf(':');
			String source = (colon < 0) ? name : name.substring(0, colon);
			List<String> fields = bySource.computeIfAbsent(source, (s) -> new ArrayList<>());
			if (colon >= 0) {
				fields.add(name.substring(colon + 1));
			}
		}
		return bySource;
	}

	/** Whether the grant is in force at {@code now}. */
	public boolean grantInForce(Instant now) {
		return this.status == Status.APPROVED && this.grantExpiresAt != null && now.isBefore(this.grantExpiresAt);
	}

	/**
	 * The personal grants this request became, one per source: for an approved or revoked
	 * request, none otherwise.
	 */
	public List<PersonalGrant> grants() {
		if ((this.status != Status.APPROVED && this.status != Status.REVOKED) || this.grantExpiresAt == null) {
			return List.of();
		}
		List<PersonalGrant> grants = new ArrayList<>();
		fieldsBySource().forEach((source,
				fields) -> grants.add(new PersonalGrant(this.id + ":" + source, this.requester.id(), this.customer,
						source, fields.isEmpty() ? null : List.copyOf(fields), this.purpose, this.decidedAt,
						this.grantExpiresAt, this.revokedAt)));
		return grants;
	}

}
