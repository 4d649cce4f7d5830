package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.sources.SourceRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the (already enforced) records of one customer into one view, field by field.
 * The rule: values the caller may see in clear beat masked ones; among those, the first
 * source in configuration order wins, except {@code customer.emails} and
 * {@code customer.phones}, which are the union of all, each address or number once. Where
 * sources disagree in clear, the field is listed as a conflict with the sources involved
 * and the one chosen; values never appear there.
 */
final class CustomerMerger {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Set<String> UNION_FIELDS = Set.of("customer.emails", "customer.phones");

	/** A record after enforcement, with the canonical fields that were masked in it. */
	record Disclosed(SourceRecord record, Set<String> masked) {
	}

	record Merged(ObjectNode view, Map<String, List<String>> provenance, List<Conflict> conflicts) {
	}

	/**
	 * A field sources disagree on: who said what is not repeated, only who was chosen.
	 */
	record Conflict(String field, List<String> sources, String chosen) {
	}

	private record Candidate(String source, JsonNode value) {
	}

	Merged merge(List<Disclosed> records) {
		Map<String, List<Candidate>> clear = new LinkedHashMap<>();
		Map<String, List<Candidate>> masked = new LinkedHashMap<>();
		for (Disclosed disclosed : records) {
			disclosed.record()
				.canonical()
				.properties()
				.forEach((section) -> section.getValue().properties().forEach((field) -> {
					String name = section.getKey() + "." + field.getKey();
					Map<String, List<Candidate>> bucket = disclosed.masked().contains(name) ? masked : clear;
					bucket.computeIfAbsent(name, (k) -> new ArrayList<>())
						.add(new Candidate(disclosed.record().source(), field.getValue()));
					clear.putIfAbsent(name, new ArrayList<>());
				}));
		}
		ObjectNode view = NODES.objectNode();
		Map<String, List<String>> provenance = new LinkedHashMap<>();
		List<Conflict> conflicts = new ArrayList<>();
		clear.forEach((name, clearCandidates) -> {
			List<Candidate> candidates = clearCandidates.isEmpty() ? masked.get(name) : clearCandidates;
			List<Candidate> chosen = UNION_FIELDS.contains(name) ? candidates : List.of(candidates.get(0));
			put(view, name, UNION_FIELDS.contains(name) ? union(candidates) : candidates.get(0).value());
			provenance.put(name, chosen.stream().map(Candidate::source).distinct().toList());
			if (!UNION_FIELDS.contains(name)) {
				List<String> disagreeing = clearCandidates.stream()
					.filter((c) -> !same(c.value(), candidates.get(0).value()))
					.map(Candidate::source)
					.toList();
				if (!disagreeing.isEmpty()) {
					List<String> sources = new ArrayList<>(List.of(candidates.get(0).source()));
					disagreeing.stream().filter((s) -> !sources.contains(s)).forEach(sources::add);
					conflicts.add(new Conflict(name, List.copyOf(sources), candidates.get(0).source()));
				}
			}
		});
		return new Merged(view, provenance, List.copyOf(conflicts));
	}

	private static void put(ObjectNode view, String name, JsonNode value) {
		int dot = name.indexOf('.');
		ObjectNode section = view.has(name.substring(0, dot)) ? (ObjectNode) view.get(name.substring(0, dot))
				: view.putObject(name.substring(0, dot));
		section.set(name.substring(dot + 1), value);
	}

	private static ArrayNode union(List<Candidate> candidates) {
		Set<String> seen = new LinkedHashSet<>();
		ArrayNode out = NODES.arrayNode();
		candidates.forEach((candidate) -> candidate.value().forEach((element) -> {
			if (seen.add(key(element))) {
				out.add(element);
			}
		}));
		return out;
	}

	/** Strings compare trimmed and case-insensitively: "EMEA" and " emea" agree. */
	private static boolean same(JsonNode a, JsonNode b) {
		return (a.isString() && b.isString()) ? key(a).equals(key(b)) : a.equals(b);
	}

	private static String key(JsonNode node) {
		return node.isString() ? node.asString().strip().toLowerCase(Locale.ROOT) : node.toString();
	}

}
