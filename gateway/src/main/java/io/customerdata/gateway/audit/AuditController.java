package io.customerdata.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.customerdata.gateway.export.CsvRows;
import io.customerdata.gateway.problem.GatewayProblem;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/audit}: the audit trail for security officers (role
 * {@code security-officer}). Filters: a customer reference (any linked id, e-mail or
 * phone, resolved like lookups), subject, purpose, decision, time range. Pages newest
 * first with a cursor; exports as CSV or JSON Lines, streamed from the database; and
 * answers a data-subject access request with a disclosure report. No CSV cell is a live
 * formula ({@link CsvRows}).
 */
@RestController
@RequestMapping("/admin/audit")
class AuditController {

	static final int MAX_LIMIT = 500;

	static final List<String> CSV_COLUMNS = List.of("id", "time", "subject", "client", "purpose", "action", "decision",
			"reason", "status", "policy_version", "decision_id", "trace_id", "records", "disclosed", "masked",
			"withheld", "latency_millis", "malformed");

	private final AuditSearch search;

	private final CustomerRecords customers;

	private final JsonMapper json;

	private final CsvRows csv = new CsvRows();

	AuditController(AuditSearch search, CustomerRecords customers, JsonMapper json) {
		this.search = search;
		this.customers = customers;
		this.json = json;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> search(@RequestParam @Nullable String customer, @RequestParam @Nullable String subject,
			@RequestParam @Nullable String purpose, @RequestParam @Nullable String decision,
			@RequestParam @Nullable String from, @RequestParam @Nullable String to,
			@RequestParam(defaultValue = "50") int limit, @RequestParam @Nullable String cursor) {
		if (limit < 1 || limit > MAX_LIMIT) {
			return Mono.error(GatewayProblem.badRequest("limit is 1 to " + MAX_LIMIT + "."));
		}
		return query(customer, subject, purpose, decision, from, to, cursor)
			.flatMap((query) -> this.search.find(query, limit + 1).map(this.json::readTree).collectList())
			.map((events) -> {
				ObjectNode body = this.json.createObjectNode();
				ArrayNode items = body.putArray("items");
				events.stream().limit(limit).forEach(items::add);
				body.put("next_cursor", (events.size() > limit) ? cursorAfter(events.get(limit - 1)) : null);
				return body;
			});
	}

	/** Every matching event, streamed: {@code format=jsonl} (default) or {@code csv}. */
	@GetMapping("/export")
	Mono<ResponseEntity<Flux<String>>> export(@RequestParam(defaultValue = "jsonl") String format,
			@RequestParam @Nullable String customer, @RequestParam @Nullable String subject,
			@RequestParam @Nullable String purpose, @RequestParam @Nullable String decision,
			@RequestParam @Nullable String from, @RequestParam @Nullable String to) {
		if (!format.equals("jsonl") && !format.equals("csv")) {
			return Mono.error(GatewayProblem.badRequest("format is jsonl or csv."));
		}
		return query(customer, subject, purpose, decision, from, to, null).map((query) -> {
			Flux<String> events = this.search.find(query, 0);
			boolean csvFormat = format.equals("csv");
			Flux<String> lines = csvFormat
					? Flux.concat(Flux.just(this.csv.row(CSV_COLUMNS)), events.map(this::csvLine))
					: events.map((event) -> event + "\n");
			return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION,
						"attachment; filename=\"audit." + (csvFormat ? "csv" : "jsonl") + "\"")
				.contentType(csvFormat ? new MediaType("text", "csv", StandardCharsets.UTF_8)
						: new MediaType("application", "jsonl", StandardCharsets.UTF_8))
				.body(lines);
		});
	}

	/**
	 * For one customer: every subject that saw any of their data, which fields, when and
	 * why.
	 */
	@GetMapping(path = "/report", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> report(@RequestParam String customer) {
		return this.customers.records(customer)
			.flatMap((records) -> this.search
				.find(new AuditQuery(records, null, null, AuditEvent.ALLOW, null, null, null), 0)
				.map(this.json::readTree)
				.filter((event) -> !event.path("disclosed").isEmpty() || !event.path("masked").isEmpty())
				.collectList()
				.map((events) -> {
					ObjectNode report = this.json.createObjectNode();
					report.put("customer", customer);
					records.forEach(report.putArray("records")::add);
					Map<String, ArrayNode> bySubject = new TreeMap<>();
					for (JsonNode event : events) {
						ObjectNode disclosure = bySubject
							.computeIfAbsent(event.path("subject").asString(), (k) -> this.json.createArrayNode())
							.addObject();
						for (String field : List.of("time", "purpose", "action", "client", "policy_version",
								"disclosed", "masked", "id")) {
							if (event.has(field)) {
								disclosure.set(field, event.get(field));
							}
						}
					}
					ArrayNode subjects = report.putArray("subjects");
					bySubject.forEach((name, disclosures) -> subjects.addObject()
						.put("subject", name)
						.put("disclosures", disclosures.size())
						.set("events", disclosures));
					report.put("disclosures", events.size());
					return report;
				}));
	}

	private Mono<AuditQuery> query(@Nullable String customer, @Nullable String subject, @Nullable String purpose,
			@Nullable String decision, @Nullable String from, @Nullable String to, @Nullable String cursor) {
		AuditQuery.Position after;
		Instant since;
		Instant until;
		try {
			after = (cursor != null) ? position(cursor) : null;
			since = (from != null) ? Instant.parse(from) : null;
			until = (to != null) ? Instant.parse(to) : null;
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			return Mono.error(GatewayProblem
				.badRequest("from and to are ISO-8601 instants (2026-11-25T10:00:00Z); a cursor as returned."));
		}
		if (decision != null && !List.of(AuditEvent.ALLOW, AuditEvent.DENY, AuditEvent.NONE).contains(decision)) {
			return Mono.error(GatewayProblem.badRequest("decision is allow, deny or none."));
		}
		Mono<List<String>> records = (customer != null) ? this.customers.records(customer) : Mono.just(List.of());
		return records.map((linked) -> new AuditQuery((customer != null) ? linked : null, subject, purpose, decision,
				since, until, after));
	}

	private static String cursorAfter(JsonNode event) {
		String position = event.path("time").asString() + "|" + event.path("id").asString();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	private static AuditQuery.Position position(String cursor) {
		String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
		if (parts.length != 2) {
			throw new IllegalArgumentException("cursor");
		}
		return new AuditQuery.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
	}

	private String csvLine(String eventJson) {
		JsonNode event = this.json.readTree(eventJson);
		List<String> row = new ArrayList<>();
		for (String column : CSV_COLUMNS) {
			JsonNode value = event.path(column);
			if (value.isArray()) {
				List<String> items = new ArrayList<>();
				value.forEach((item) -> items.add(item.asString()));
				row.add(String.join(" ", items));
			}
			else {
				row.add(value.isMissingNode() || value.isNull() ? "" : value.asString());
			}
		}
		return this.csv.row(row);
	}

}
