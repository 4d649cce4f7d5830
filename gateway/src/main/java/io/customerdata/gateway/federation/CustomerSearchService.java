package io.customerdata.gateway.federation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyRefusals;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.security.Subject;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.IdentityKeys;
import io.customerdata.gateway.sources.SourceConnector;
import io.customerdata.gateway.sources.SourceRecord;
import io.customerdata.gateway.sources.SourceResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Federated search: every source the caller may see anything of is searched (at most
 * {@link #MATCHES_PER_SOURCE} matches each), matches are grouped into customers by their
 * normalised e-mails and phones, and each customer is decided and disclosed on its own,
 * so a region-scoped caller simply does not see other regions' customers. Results are
 * ordered by reference and paged with an opaque cursor.
 */
public final class CustomerSearchService {

	static final int MATCHES_PER_SOURCE = 100;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Map<String, SourceConnector> connectors;

	private final PolicyDecisionPoint policy;

	private final Disclosure disclosure;

	private final AccessHints hints;

	private final CustomerAttributes attributes;

	CustomerSearchService(Map<String, SourceConnector> connectors, PolicyDecisionPoint policy, Disclosure disclosure,
			AccessHints hints, CustomerAttributes attributes) {
		this.attributes = attributes;
		this.hints = hints;
		this.connectors = connectors;
		this.policy = policy;
		this.disclosure = disclosure;
	}

	/**
	 * @param key {@code q}, {@code email} or {@code phone}
	 */
	public Mono<ObjectNode> search(Subject subject, @Nullable String purpose, String key, String value, int limit,
			@Nullable String cursor) {
		int offset = Cursor.offset(cursor, key + "=" + value);
		PolicyInput.Subject who = new PolicyInput.Subject(subject.roles(), subject.department(), subject.region(),
				subject.id());
		String lookup = key.equals("q") ? "search" : key;
		PolicyDecisionPoint policy = this.policy.pinned();
		return policy.decideBestCase(who, purpose).flatMap((best) -> {
			if (!best.allow()) {
				return Mono.error(
						PolicyRefusals.problem(best, this.hints.forSources(this.connectors.keySet(), best.purpose())));
			}
			Set<String> visible = best.visibleSources();
			return Flux.fromIterable(this.connectors.values())
				.filter((c) -> visible.contains(c.id()) && c.supports(lookup))
				.flatMap((c) -> c.lookup(lookup, value, key))
				.collectMap(SourceResult::source)
				.flatMap((results) -> page(policy, who, best.purpose(), key, value, results, visible, offset, limit));
		});
	}

	private Mono<ObjectNode> page(PolicyDecisionPoint policy, PolicyInput.Subject who, String purpose, String key,
			String value, Map<String, SourceResult> results, Set<String> visible, int offset, int limit) {
		if (!results.isEmpty() && results.values().stream().allMatch(SourceResult::failed)) {
			return Mono.error(GatewayProblem.of(io.customerdata.gateway.problem.ProblemType.SOURCES_UNAVAILABLE,
					"No source you may search is available."));
		}
		// Configuration order: a customer's reference is its first admitted record.
		List<List<SourceRecord>> customers = group(this.connectors.keySet()
			.stream()
			.filter(results::containsKey)
			.flatMap((id) -> results.get(id).records().stream().limit(MATCHES_PER_SOURCE))
			.toList());
		return Flux.fromIterable(customers)
			.concatMap((records) -> Admission.decide(policy, who, purpose, records, this.attributes, (record) -> true)
				.filter((admission) -> !admission.nothingAdmitted())
				.map(this::item))
			.collectList()
			.map((items) -> body(purpose, key, value, results, visible, items, offset, limit));
	}

	/** A customer as far as the caller is admitted to its records. */
	private ObjectNode item(Admission admission) {
		List<SourceRecord> records = admission.admittedRecords();
		Disclosure.Disclosed disclosed = this.disclosure.disclose(admission.admitted());
		ObjectNode item = NODES.objectNode();
		item.put("reference", records.get(0).reference());
		item.setAll(disclosed.merged().view());
		ArrayNode linked = item.putArray("linked_records");
		records.forEach((r) -> linked.addObject().put("source", r.source()).put("id", r.id()));
		return item;
	}

	private ObjectNode body(String purpose, String key, String value, Map<String, SourceResult> results,
			Set<String> visible, List<ObjectNode> items, int offset, int limit) {
		List<ObjectNode> sorted = new ArrayList<>(items);
		sorted.sort(Comparator.comparing((ObjectNode i) -> i.get("reference").asString()));
		List<ObjectNode> page = sorted.subList(Math.min(offset, sorted.size()),
				Math.min(offset + limit, sorted.size()));
		ObjectNode body = NODES.objectNode();
		ArrayNode array = body.putArray("items");
		page.forEach(array::add);
		ObjectNode meta = body.putObject("_meta");
		meta.putObject("query").put(key, value);
		meta.put("purpose", purpose);
		meta.put("limit", limit);
		boolean more = offset + limit < sorted.size();
		meta.put("next_cursor", more ? Cursor.of(offset + limit, key + "=" + value) : null);
		// Matches of customers the caller may see, by source: another region's customer
		// is no match, not a match withheld.
		Map<String, Long> matches = new HashMap<>();
		items.stream()
			.flatMap((item) -> item.path("linked_records").valueStream())
			.forEach((record) -> matches.merge(record.path("source").asString(), 1L, Long::sum));
		// Whether a source had more matches than are read: the results may be incomplete.
		// Said only of a source the caller sees a match of, so a refused match's cut
		// child rows tell nothing.
		meta.put("truncated",
				results.values()
					.stream()
					.anyMatch((r) -> matches.containsKey(r.source())
							&& (r.truncated() || r.records().size() >= MATCHES_PER_SOURCE)));
		meta.put("partial", results.values().stream().anyMatch(SourceResult::failed));
		ObjectNode sources = meta.putObject("sources");
		this.connectors.keySet().forEach((id) -> {
			SourceResult result = results.get(id);
			ObjectNode source = sources.putObject(id);
			if (result == null) {
				source.put("status", visible.contains(id) ? SourceResult.NOT_ASKED : SourceResult.NOT_PERMITTED);
			}
			else {
				source.put("status", result.status())
					.put("latency_ms", result.latencyMillis())
					.put("matches", matches.getOrDefault(id, 0L));
			}
		});
		return body;
	}

	/**
	 * Records that share a normalised e-mail or phone, transitively, are one customer.
	 */
	static List<List<SourceRecord>> group(List<SourceRecord> records) {
		int[] parent = new int[records.size()];
		for (int i = 0; i < parent.length; i++) {
			parent[i] = i;
		}
		Map<String, Integer> firstWithKey = new HashMap<>();
		for (int i = 0; i < records.size(); i++) {
			for (String identityKey : IdentityKeys.of(records.get(i))) {
				Integer other = firstWithKey.putIfAbsent(identityKey, i);
				if (other != null) {
					parent[root(parent, i)] = root(parent, other);
				}
			}
		}
		Map<Integer, List<SourceRecord>> groups = new LinkedHashMap<>();
		for (int i = 0; i < records.size(); i++) {
			groups.computeIfAbsent(root(parent, i), (k) -> new ArrayList<>()).add(records.get(i));
		}
		return List.copyOf(groups.values());
	}

	private static int root(int[] parent, int i) {
		int r = i;
		while (parent[r] != r) {
			r = parent[r];
		}
		return r;
	}

	/**
	 * An opaque position in one query's results; a cursor of another query is refused.
	 */
	static final class Cursor {

		private Cursor() {
		}

		static String of(int offset, String query) {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						(offset + ":" + Integer.toHexString(query.hashCode())).getBytes(StandardCharsets.UTF_8));
		}

		static int offset(@Nullable String cursor, String query) {
			if (cursor == null) {
				return 0;
			}
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
				if (parts.length == 2 && parts[1].equals(Integer.toHexString(query.hashCode()))) {
					int offset = Integer.parseInt(parts[0]);
					if (offset >= 0) {
						return offset;
					}
				}
			}
			catch (IllegalArgumentException ex) {
				// falls through to the refusal below
			}
			throw GatewayProblem.badRequest("The cursor is not one this query returned.");
		}

	}

}
