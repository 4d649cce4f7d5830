package io.customerdata.gateway.policy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The policy document security officers edit (see
 * {@code policies/schema/policy.schema.json}): data, not code. {@link CompiledPolicy}
 * turns it into lookup structures once.
 *
 * @param levels security levels, lowest first
 * @param purposes purpose name to what it covers
 * @param masking field, or prefix ending in {@code .*}, to the method that masks it
 */
public record PolicyDocument(String version, @Nullable String description, List<String> levels,
		Map<String, String> purposes, Map<String, Role> roles, Map<String, Source> sources, List<Grant> grants,
		Map<String, Masking> masking, @JsonProperty("default_masking") Masking defaultMasking) {

	/** A role: where it works, how far it is cleared, what it usually does. */
	public record Role(String department, String clearance,
			@JsonProperty("default_purpose") @Nullable String defaultPurpose,
			@JsonProperty("region_scoped") boolean regionScoped) {
	}

	/**
	 * A department's application and the level of each canonical field it holds.
	 *
	 * @param attributes where the customer attributes the policy decides on
	 * ({@code region}, {@code sensitivity}) come from for this source's records; an
	 * attribute not named here comes from the record alone
	 */
	public record Source(String department, @JsonProperty("default_level") String defaultLevel,
			Map<String, String> fields, @Nullable Map<String, AttributeSource> attributes) {

		/** Where this source's records take an attribute from. */
		public AttributeSource attributeSource(String attribute) {
			AttributeSource declared = (this.attributes != null) ? this.attributes.get(attribute) : null;
			return (declared != null) ? declared : AttributeSource.RECORD_ONLY;
		}

	}

	/**
	 * Where a customer attribute of a source's records comes from, in order: the record
	 * itself ({@code record}) or the linked records of an authoritative source (its
	 * name); the first that establishes a value gives it, and where none does, the
	 * explicit default. Without a default, an attribute nothing establishes is unknown,
	 * which the gateway decides at its most restrictive value.
	 *
	 * @param from {@code record} and source names, in order; {@code record} alone when
	 * absent
	 * @param defaultValue the value where nothing in {@code from} establishes one
	 */
	public record AttributeSource(@Nullable List<String> from, @JsonProperty("default") @Nullable String defaultValue) {

		/** The record itself. */
		public static final String RECORD = "record";

		/**
		 * The record alone, no default: the rule for an attribute a source does not name.
		 */
		public static final AttributeSource RECORD_ONLY = new AttributeSource(List.of(RECORD), null);

		public List<String> fromOrRecord() {
			return (this.from != null) ? this.from : List.of(RECORD);
		}

	}

	/**
	 * A silo breaker: these roles may read this source up to a level, for these purposes.
	 */
	public record Grant(String id, @Nullable String description, List<String> roles, String source,
			List<String> purposes, @JsonProperty("max_level") String maxLevel, Effect effect,
			@Nullable List<String> fields, @JsonProperty("requires_consent") boolean requiresConsent) {
	}

	public enum Effect {

		@JsonProperty("allow")
		ALLOW, @JsonProperty("mask")
		MASK

	}

	/**
	 * How a masked field is shown; {@code bounds} are the range method's bucket limits.
	 */
	public record Masking(String method, @Nullable List<Double> bounds) {
	}

}
