package io.customerdata.gateway.sources;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * A lookup by e-mail or phone is a search, and a vendor's search matches more than the
 * key: Zendesk's user search matches prefixes, HubSpot's phone search compares the stored
 * strings, a {@code LIKE} matches a pattern. A record such a lookup returns is kept only
 * if one of its own e-mails (or phones), normalised as {@link IdentityKeys} does, equals
 * the key looked up; any other is dropped, never linked. Each record is counted in
 * {@code gateway.source.identity.rechecks} by source, key and outcome ({@code kept},
 * {@code dropped}); the key looked up never becomes a label.
 */
final class IdentityRecheck {

	/** The lookups whose answers are re-checked; an id names its record exactly. */
	static final Set<String> KEYS = Set.of("email", "phone");

	private final Map<String, Counter> kept;

	private final Map<String, Counter> dropped;

	IdentityRecheck(String source, MeterRegistry meters) {
		this.kept = Map.of("email", counter(meters, source, "email", "kept"), "phone",
				counter(meters, source, "phone", "kept"));
		this.dropped = Map.of("email", counter(meters, source, "email", "dropped"), "phone",
				counter(meters, source, "phone", "dropped"));
	}

	private static Counter counter(MeterRegistry meters, String source, String key, String outcome) {
		return Counter.builder("gateway.source.identity.rechecks")
			.description("Records a lookup by e-mail or phone returned, kept or dropped as no exact match")
			.tag("source", source)
			.tag("key", key)
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * The records, as the source answered them, whose canonical form (read by
	 * {@code canonical}) holds the key looked up; all of them for a lookup by id.
	 */
	List<JsonNode> keep(String key, String value, List<JsonNode> records,
			java.util.function.Function<JsonNode, JsonNode> canonical) {
		if (!KEYS.contains(key)) {
			return records;
		}
		List<JsonNode> kept = records.stream()
			.filter((record) -> matches(key, value, canonical.apply(record)))
			.toList();
		this.kept.get(key).increment(kept.size());
		this.dropped.get(key).increment(records.size() - kept.size());
		return kept;
	}

	/**
	 * Whether a canonical record holds the key: one of its {@code customer.emails} (or
	 * {@code customer.phones}), normalised, equals the value normalised. A value that is
	 * no e-mail or phone matches nothing.
	 */
	static boolean matches(String key, String value, JsonNode canonical) {
		var normal = key.equals("email") ? IdentityKeys.email(value) : IdentityKeys.phone(value, null);
		return normal.isPresent() && IdentityKeys.of(canonical).contains(key + ":" + normal.get());
	}

}
