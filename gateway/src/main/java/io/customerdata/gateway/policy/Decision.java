package io.customerdata.gateway.policy;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What a subject may see of a customer, for a purpose, under one policy version.
 *
 * @param allow whether anything at all may be disclosed
 * @param reason why, as a stable code (see {@link Reason})
 * @param purpose the purpose decided for: the stated one or the role's default
 * @param sources source to field to {@code allow}, {@code deny} or {@code mask:<method>};
 * the field {@code *} stands for every field the source does not classify. Empty when
 * nothing may be disclosed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(boolean allow, Reason reason, @JsonProperty("policy_version") String policyVersion,
		@Nullable String purpose, Map<String, Map<String, String>> sources) {

	public static final String ALLOW = "allow";

	public static final String DENY = "deny";

	public static final String UNCLASSIFIED = "*";

	/** The sources of which this decision discloses at least one field. */
	public Set<String> visibleSources() {
		return this.sources.entrySet()
			.stream()
			.filter((source) -> source.getValue().values().stream().anyMatch((view) -> !view.equals(DENY)))
			.map(Map.Entry::getKey)
			.collect(Collectors.toUnmodifiableSet());
	}

	static Decision deny(Reason reason, String policyVersion, @Nullable String purpose) {
		return new Decision(false, reason, policyVersion, purpose, Map.of());
	}

	/** Stable reason codes, shared with the Rego policy. */
	public enum Reason {

		@JsonProperty("granted")
		GRANTED, @JsonProperty("no-grant")
		NO_GRANT, @JsonProperty("unknown-role")
		UNKNOWN_ROLE, @JsonProperty("purpose-required")
		PURPOSE_REQUIRED, @JsonProperty("unknown-purpose")
		UNKNOWN_PURPOSE, @JsonProperty("out-of-region")
		OUT_OF_REGION, @JsonProperty("restricted-customer")
		RESTRICTED_CUSTOMER, @JsonProperty("invalid-input")
		INVALID_INPUT, @JsonProperty("evaluation-error")
		EVALUATION_ERROR;

		/** The stable code, as in the decision's JSON: {@code out-of-region}. */
		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

}
