package io.customerdata.gateway.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a decision depends on, and nothing else. The decision caches key on it without
 * {@code now}, the subject's id and the customer's ids, plus the personal grants those
 * select ({@link DecisionKey}): for a subject without personal grants, exactly the
 * role-wide key.
 *
 * @param purpose the stated purpose; {@code null} takes the role's default
 * @param now the instant decided at, which personal grants are in force at; the decision
 * point's clock when {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyInput(Subject subject, @Nullable String purpose, Customer customer, @Nullable Instant now) {

	public PolicyInput(Subject subject, @Nullable String purpose, Customer customer) {
		this(subject, purpose, customer, null);
	}

	/** The same input, decided at {@code instant}. */
	public PolicyInput at(Instant instant) {
		return new PolicyInput(this.subject, this.purpose, this.customer, instant);
	}

	/**
	 * @param id the token's {@code sub}, which personal grants name
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Subject(Set<String> roles, @Nullable String department, @Nullable String region,
			@Nullable String id) {

		public Subject(Set<String> roles, @Nullable String department, @Nullable String region) {
			this(roles, department, region, null);
		}

	}

	/**
	 * @param consents purpose to whether the customer consented to it; absent means no
	 * @param ids the customer's linked records as {@code source:id}, which a personal
	 * grant for one customer names
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Customer(@Nullable String region, boolean restricted, Map<String, Boolean> consents,
			@Nullable List<String> ids) {

		public Customer(@Nullable String region, boolean restricted, Map<String, Boolean> consents) {
			this(region, restricted, consents, null);
		}

		public List<String> idsOrNone() {
			return (this.ids != null) ? this.ids : List.of();
		}

	}

}
