package io.customerdata.gateway.sources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PolicyDocument.AttributeSource;
import io.customerdata.gateway.policy.PolicyInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the policy needs to know of a customer, established record by record as the policy
 * in force declares for each source ({@code sources.<name>.attributes}): a record's
 * region and sensitivity come from the record itself, from the linked records of an
 * authoritative source, or from an explicit default, in the declared order.
 *
 * <p>
 * Unknown or conflicting is most restrictive: a region nothing establishes, or on which
 * the records of one origin disagree, is none (no region-scoped role is admitted); a
 * sensitivity nothing establishes is {@code restricted}. Values are compared as the
 * policy compares them, exactly (but for surrounding blanks). The customer is restricted
 * if any of its records is. A consent is granted only if a record grants it and none
 * refuses it. Personal grants name one record: they cover every linked record, unless two
 * records of one source are linked (the customer is ambiguous), where each covers its own
 * alone.
 */
public final class CustomerAttributes {

	static final String REGION = "region";

	static final String SENSITIVITY = "sensitivity";

	private static final String RESTRICTED = "restricted";

	private final Supplier<CompiledPolicy> policy;

	/**
	 * @param policy the policy in force, whose declarations apply
	 */
	public CustomerAttributes(Supplier<CompiledPolicy> policy) {
		this.policy = policy;
	}

	/**
	 * The customer as each linked record's own decision sees it, in the records' order:
	 * the record's region; the customer's restricted flag, consents and (unless
	 * ambiguous) ids.
	 */
	public List<PolicyInput.Customer> ofLinked(List<SourceRecord> records) {
		CompiledPolicy declared = this.policy.get();
		boolean restricted = records.stream()
			.anyMatch((record) -> restricted(
					establish(declared, SENSITIVITY, record.source(), record.canonical(), records)));
		Map<String, Boolean> consents = consents(records.stream().<JsonNode>map(SourceRecord::canonical).toList());
		List<String> ids = ids(records);
		boolean ambiguous = records.stream().map(SourceRecord::source).distinct().count() < records.size();
		return records.stream()
			.map((record) -> new PolicyInput.Customer(
					establish(declared, REGION, record.source(), record.canonical(), records), restricted, consents,
					ambiguous ? List.of(record.reference()) : ids))
			.toList();
	}

	/**
	 * The customer as a whole, for the audit trail and simulations: a region only where
	 * every record's is the same.
	 */
	public PolicyInput.Customer ofCustomer(List<SourceRecord> records) {
		List<PolicyInput.Customer> linked = ofLinked(records);
		List<@Nullable String> regions = linked.stream().map(PolicyInput.Customer::region).distinct().toList();
		String region = (regions.size() == 1) ? regions.get(0) : null;
		boolean restricted = linked.isEmpty() || linked.get(0).restricted();
		return new PolicyInput.Customer(region, restricted,
				consents(records.stream().<JsonNode>map(SourceRecord::canonical).toList()), ids(records));
	}

	/**
	 * A record read alone (a department's own answer through the pass-through route): no
	 * linked record to consult, so only the record itself and the defaults establish
	 * anything.
	 * @param reference the record's {@code source:id}, which a personal grant may name
	 */
	PolicyInput.Customer ofRecord(String source, JsonNode canonical, @Nullable String reference) {
		CompiledPolicy declared = this.policy.get();
		return new PolicyInput.Customer(establish(declared, REGION, source, canonical, List.of()),
				restricted(establish(declared, SENSITIVITY, source, canonical, List.of())),
				consents(List.of(canonical)), (reference != null) ? List.of(reference) : null);
	}

	/**
	 * The attribute of one record: the first origin that establishes a value gives it;
	 * origins whose records disagree establish that it is unknown.
	 */
	private static @Nullable String establish(CompiledPolicy declared, String attribute, String source,
			JsonNode canonical, List<SourceRecord> linked) {
		AttributeSource from = declared.attributeSource(source, attribute);
		for (String origin : from.fromOrRecord()) {
			List<String> values = new ArrayList<>();
			if (origin.equals(AttributeSource.RECORD)) {
				value(canonical, attribute).ifPresent(values::add);
			}
			else {
				linked.stream()
					.filter((other) -> other.source().equals(origin))
					.forEach((other) -> value(other.canonical(), attribute).ifPresent(values::add));
			}
			if (values.isEmpty()) {
				continue;
			}
			// The policy compares regions exactly: "EMEA" and "emea" are two claims.
			return (values.stream().distinct().count() == 1) ? values.get(0) : null;
		}
		return from.defaultValue();
	}

	private static Optional<String> value(JsonNode canonical, String attribute) {
		JsonNode value = canonical.path("customer").path(attribute);
		return (value.isString() && !value.asString().isBlank()) ? Optional.of(value.asString().strip())
				: Optional.empty();
	}

	/** Unknown sensitivity is restricted. */
	private static boolean restricted(@Nullable String sensitivity) {
		return sensitivity == null || sensitivity.equalsIgnoreCase(RESTRICTED);
	}

	private static Map<String, Boolean> consents(List<JsonNode> canonicalRecords) {
		Map<String, Boolean> consents = new LinkedHashMap<>();
		for (JsonNode record : canonicalRecords) {
			for (var consent : record.path("customer").path("consent").properties()) {
				JsonNode value = consent.getValue();
				boolean granted = value.isBoolean() ? value.asBoolean() : value.path("granted").asBoolean(false);
				consents.merge(consent.getKey(), granted, Boolean::logicalAnd);
			}
		}
		return consents;
	}

	private static List<String> ids(List<SourceRecord> records) {
		return records.stream().map(SourceRecord::reference).filter(Objects::nonNull).distinct().sorted().toList();
	}

}
