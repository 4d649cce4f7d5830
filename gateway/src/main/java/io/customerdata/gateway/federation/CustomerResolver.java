package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.sources.IdentityKeys;
import io.customerdata.gateway.sources.SourceConnector;
import io.customerdata.gateway.sources.SourceRecord;
import io.customerdata.gateway.sources.SourceResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Finds every record of one customer across the sources the caller may see something of,
 * deterministically: first by the reference (its source's id, or the e-mail or phone in
 * every source, in parallel), then, in the sources still without a record, by every
 * e-mail (normalised) and phone (E.164) the first records hold. A source that failed is
 * not asked twice, so a slow source costs its timeout once.
 */
final class CustomerResolver {

	/** How a record the reference itself found was matched. */
	static final String BY_REFERENCE = "reference";

	/** At most this many records of one source are linked to one customer. */
	static final int MAX_RECORDS_PER_SOURCE = 5;

	/**
	 * The second round asks for at most this many e-mails, and as many phones: each is a
	 * call to every other source, so a record's keys must not be able to fill a source's
	 * bulkhead or spend a vendor's shared budget for every other caller.
	 */
	static final int MAX_KEYS_PER_KIND = 5;

	private final Map<String, SourceConnector> connectors;

	CustomerResolver(Map<String, SourceConnector> connectors) {
		this.connectors = connectors;
	}

	Mono<Resolution> resolve(CustomerReference reference, Set<String> permitted) {
		List<SourceConnector> asked = this.connectors.values()
			.stream()
			.filter((c) -> permitted.contains(c.id()) && c.supports(reference.key())
					&& (reference.source() == null || reference.source().equals(c.id())))
			.toList();
		return Flux.fromIterable(asked)
			.flatMap((connector) -> connector.lookup(reference.key(), reference.value(), BY_REFERENCE))
			.collectMap(SourceResult::source)
			.flatMap((first) -> secondRound(first, permitted))
			.map((all) -> resolution(all, permitted));
	}

	private Mono<Map<String, SourceResult>> secondRound(Map<String, SourceResult> first, Set<String> permitted) {
		Set<String> emails = new LinkedHashSet<>();
		Set<String> phones = new LinkedHashSet<>();
		// The keys of the records that are linked, in the sources' order.
		first.values().stream().flatMap((r) -> r.records().stream().limit(MAX_RECORDS_PER_SOURCE)).forEach((record) -> {
			record.canonical()
				.path("customer")
				.path("emails")
				.forEach((e) -> IdentityKeys.email(text(e)).ifPresent(emails::add));
			record.canonical()
				.path("customer")
				.path("phones")
				.forEach((p) -> IdentityKeys.phone(text(p), null).ifPresent(phones::add));
		});
		List<SourceConnector> remaining = this.connectors.values()
			.stream()
			.filter((c) -> permitted.contains(c.id()) && (!first.containsKey(c.id())
					|| (first.get(c.id()).status().equals(SourceResult.OK) && first.get(c.id()).records().isEmpty())))
			.toList();
		return Flux.fromIterable(remaining)
			.flatMap((connector) -> byIdentityKeys(connector, emails, phones))
			.collectMap(SourceResult::source)
			.map((second) -> {
				Map<String, SourceResult> all = new LinkedHashMap<>(first);
				all.putAll(second);
				return all;
			});
	}

	private static Mono<SourceResult> byIdentityKeys(SourceConnector connector, Set<String> emails,
			Set<String> phones) {
		List<Mono<SourceResult>> lookups = new ArrayList<>();
		if (connector.supports("email")) {
			emails.stream()
				.limit(MAX_KEYS_PER_KIND)
				.forEach((email) -> lookups.add(connector.lookup("email", email, "email")));
		}
		if (connector.supports("phone")) {
			phones.stream()
				.limit(MAX_KEYS_PER_KIND)
				.forEach((phone) -> lookups.add(connector.lookup("phone", phone, "phone")));
		}
		if (lookups.isEmpty()) {
			return Mono.just(new SourceResult(connector.id(), SourceResult.NOT_ASKED, 0, List.of()));
		}
		return Flux.merge(lookups).collectList().map((results) -> combine(connector.id(), results));
	}

	/**
	 * Records of all lookups, each once (the first way it matched wins); ok if any was
	 * ok.
	 */
	private static SourceResult combine(String source, List<SourceResult> results) {
		Map<String, SourceRecord> records = new LinkedHashMap<>();
		results.stream()
			.sorted(java.util.Comparator.comparing((SourceResult r) -> r.records().isEmpty() ? 1 : 0))
			.flatMap((r) -> r.records().stream())
			.forEach((record) -> records.putIfAbsent(record.id(), record));
		String status = results.stream().anyMatch((r) -> r.status().equals(SourceResult.OK)) ? SourceResult.OK
				: results.get(0).status();
		long latency = results.stream().mapToLong(SourceResult::latencyMillis).max().orElse(0);
		return new SourceResult(source, status, latency, List.copyOf(records.values()),
				results.stream().anyMatch(SourceResult::truncated));
	}

	private Resolution resolution(Map<String, SourceResult> found, Set<String> permitted) {
		Map<String, SourceResult> results = new LinkedHashMap<>();
		List<SourceRecord> records = new ArrayList<>();
		this.connectors.keySet().forEach((id) -> {
			SourceResult result = found.getOrDefault(id, new SourceResult(id,
					permitted.contains(id) ? SourceResult.NOT_ASKED : SourceResult.NOT_PERMITTED, 0, List.of()));
			results.put(id, result);
			result.records().stream().limit(MAX_RECORDS_PER_SOURCE).forEach(records::add);
		});
		return new Resolution(results, records);
	}

	private static String text(JsonNode node) {
		return node.isValueNode() ? node.asString() : "";
	}

}
