package io.customerdata.gateway.policy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A grant to one subject (policies/README.md, personal grants), made by approving an
 * access request: it allows the named fields of one source (every field without a list),
 * up to the subject's clearance, for one purpose, optionally for one customer only, from
 * its approval until it expires or is revoked. It is policy data, at
 * {@code data.customer_gateway.personal_grants} in OPA, and never changes once approved
 * but for its revocation.
 *
 * @param id the access request's id
 * @param subject the token {@code sub} it is for
 * @param customer one of the customer's records as {@code source:id}; {@code null} for
 * any customer
 * @param fields the source's canonical fields; {@code null} for all of them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonalGrant(@JsonIgnore String id, String subject, @Nullable String customer, String source,
		@Nullable List<String> fields, String purpose, @JsonProperty("approved_at") @Nullable Instant approvedAt,
		@JsonProperty("expires_at") Instant expiresAt, @JsonProperty("revoked_at") @Nullable Instant revokedAt) {

	/** Approved by {@code now}, not expired and not revoked at {@code now}. */
	public boolean inForce(Instant now) {
		return this.approvedAt != null && !this.approvedAt.isAfter(now) && now.isBefore(this.expiresAt)
				&& (this.revokedAt == null || now.isBefore(this.revokedAt));
	}

	/** Whether this grant is for the customer these records describe. */
	public boolean coversCustomer(List<String> customerIds) {
		return this.customer == null || customerIds.contains(this.customer);
	}

	public boolean covers(String field) {
		return this.fields == null || this.fields.contains(field);
	}

}
