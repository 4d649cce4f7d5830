package io.customerdata.gateway.insights;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.customerdata.gateway.policy.CompiledPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One day of the audit trail, counted as the insights need it. Fields are the policy's: a
 * withheld list ({@code crm:sales.deals}) counts as every field the policy classifies
 * under it, a name the policy does not classify as {@code *}. An answer counts for the
 * requesting department (the token's, or its first role's) and for each of the caller's
 * roles the policy knows. Pure: it reads events, the policy in force, and nothing else.
 */
final class DailyRollup {

	static final Set<String> DATA_ACTIONS = Set.of("view", "search", "read", "write");

	static final String ANY = "*";

	static final String UNKNOWN = "unknown";

	private final CompiledPolicy policy;

	/** (requester department, source) → disclosures, disclosed, masked, withheld. */
	private final Map<List<String>, long[]> sharing = new TreeMap<>(DailyRollup::compare);

	/** (role, purpose, source, field) → disclosed, masked, withheld, denied. */
	private final Map<List<String>, long[]> fields = new TreeMap<>(DailyRollup::compare);

	private long events;

	DailyRollup(CompiledPolicy policy) {
		this.policy = policy;
	}

	record SharingRow(String requesterDepartment, String source, long disclosures, long disclosed, long masked,
			long withheld) {
	}

	record FieldRow(String role, String purpose, String source, String field, long disclosed, long masked,
			long withheld, long denied) {
	}

	void add(JsonNode event) {
		this.events++;
		if (!DATA_ACTIONS.contains(event.path("action").asString(""))) {
			return;
		}
		List<String> roles = new ArrayList<>();
		event.path("roles").forEach((role) -> {
			if (this.policy.departmentOf(role.asString()) != null) {
				roles.add(role.asString());
			}
		});
		roles.sort(null);
		String department = event.at("/input/subject/department").asString(null);
		if (department == null) {
			department = roles.isEmpty() ? UNKNOWN : this.policy.departmentOf(roles.get(0));
		}
		// Events recorded before purposes were bounded may hold any text a caller sent.
		String purpose = event.path("purpose").asString(UNKNOWN);
		purpose = this.policy.knowsPurpose(purpose) ? purpose : UNKNOWN;
		List<String> answered = new ArrayList<>();
		event.path("sources").properties().forEach((source) -> answered.add(source.getKey()));
		String only = (answered.size() == 1) ? answered.get(0) : null;

		Map<String, Set<String>> disclosed = fieldsBySource(event.path("disclosed"), only);
		Map<String, Set<String>> masked = fieldsBySource(event.path("masked"), only);
		Map<String, Set<String>> withheld = fieldsBySource(event.path("withheld"), only);
		Set<String> sources = new LinkedHashSet<>(disclosed.keySet());
		sources.addAll(masked.keySet());
		sources.addAll(withheld.keySet());
		for (String source : sources) {
			long[] counts = this.sharing.computeIfAbsent(List.of(department, source), (key) -> new long[4]);
			int shown = size(disclosed, source) + size(masked, source);
			counts[0] += (shown > 0) ? 1 : 0;
			counts[1] += size(disclosed, source);
			counts[2] += size(masked, source);
			counts[3] += size(withheld, source);
		}
		for (String role : roles) {
			count(role, purpose, disclosed, 0);
			count(role, purpose, masked, 1);
			count(role, purpose, withheld, 2);
			if (event.path("decision").asString("").equals("deny")) {
				this.fields.computeIfAbsent(List.of(role, purpose, (only != null) ? only : ANY, ANY),
						(key) -> new long[4])[3]++;
			}
		}
	}

	long events() {
		return this.events;
	}

	List<SharingRow> sharing() {
		List<SharingRow> rows = new ArrayList<>();
		this.sharing.forEach((key, c) -> rows.add(new SharingRow(key.get(0), key.get(1), c[0], c[1], c[2], c[3])));
		return rows;
	}

	List<FieldRow> fields() {
		List<FieldRow> rows = new ArrayList<>();
		this.fields.forEach((key, c) -> rows
			.add(new FieldRow(key.get(0), key.get(1), key.get(2), key.get(3), c[0], c[1], c[2], c[3])));
		return rows;
	}

	private void count(String role, String purpose, Map<String, Set<String>> bySource, int column) {
		bySource.forEach((source, names) -> names.forEach((field) -> this.fields
			.computeIfAbsent(List.of(role, purpose, source, field), (key) -> new long[4])[column]++));
	}

	/**
	 * Names as the policy's fields, by source: {@code source:field}, or a bare field when
	 * the event concerns one source only.
	 */
	private Map<String, Set<String>> fieldsBySource(JsonNode names, @Nullable String only) {
		Map<String, Set<String>> bySource = new TreeMap<>();
		for (JsonNode name : names) {
			String text = name.asString("");
			int colon = text.indexOf(':');
			boolean prefixed = colon > 0 && this.policy.knowsSource(text.substring(0, colon));
			String source = prefixed ? text.substring(0, colon) : only;
			if (source == null) {
				continue;
			}
			String path = prefixed ? text.substring(colon + 1) : text;
			bySource.computeIfAbsent(source, (s) -> new LinkedHashSet<>()).addAll(classified(source, path));
		}
		return bySource;
	}

	private List<String> classified(String source, String path) {
		Set<String> known = this.policy.fieldsOf(source);
		if (known.contains(path)) {
			return List.of(path);
		}
		List<String> under = known.stream()
			.filter((field) -> field.startsWith(path + "[]") || field.startsWith(path + "."))
			.toList();
		if (!under.isEmpty()) {
			return under;
		}
		// A value inside a classified field (sales.owner.name in sales.owner) is that
		// field.
		return known.stream()
			.filter((field) -> path.startsWith(field + ".") || path.startsWith(field + "[]"))
			.max(java.util.Comparator.comparingInt(String::length))
			.map(List::of)
			.orElse(List.of(ANY));
	}

	private static int size(Map<String, Set<String>> bySource, String source) {
		Set<String> names = bySource.get(source);
		return (names != null) ? names.size() : 0;
	}

	private static int compare(List<String> a, List<String> b) {
		for (int i = 0; i < a.size(); i++) {
			int c = a.get(i).compareTo(b.get(i));
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

}
