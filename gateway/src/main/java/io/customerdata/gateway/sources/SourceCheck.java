package io.customerdata.gateway.sources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.connector.RequestTemplate;
import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.sources.connector.SourceProbe;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connection check of one source: one request through its own client (credentials,
 * request budget, throttle; not its circuit breaker, which a check must get past), and a
 * report of what it told: whether the gateway authenticated, the status and latency, and
 * which paths the mapping reads are missing from the records it answered. The probe is
 * the source's {@code check} lookup (one that lists a record or so, so that there are
 * fields to look at); without one, its {@code email} lookup for an address that cannot
 * exist ({@value #NO_SUCH_EMAIL}, a reserved domain), or its {@code id} lookup for
 * {@value #NO_SUCH_ID}, which test the credentials but find no record. Field names leave,
 * never a value.
 */
final class SourceCheck {

	/** The lookup a preset names for the connection check. */
	static final String CHECK = "check";

	static final String NO_SUCH_EMAIL = "connection-check@example.invalid";

	static final String NO_SUCH_ID = "connection-check";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final String id;

	private final FederationProperties.Source source;

	private final SourceClient client;

	private final @Nullable Probe probe;

	private final AtomicBoolean running = new AtomicBoolean();

	/** The lookup the check sends, and the value it sends it with. */
	private record Probe(String lookup, FederationProperties.Lookup definition, String value) {
	}

	/**
	 * What a check found: the report, and for the audit trail its outcome and the records
	 * read.
	 */
	record Checked(ObjectNode report, String outcome, List<String> records) {
	}

	SourceCheck(String id, FederationProperties.Source source, SourceClient client) {
		this.id = id;
		this.source = source;
		this.client = client;
		this.probe = probe(source.lookups());
	}

	private static @Nullable Probe probe(Map<String, FederationProperties.Lookup> lookups) {
		if (lookups.containsKey(CHECK)) {
			return new Probe(CHECK, lookups.get(CHECK), "");
		}
		if (lookups.containsKey("email")) {
			return new Probe("email", lookups.get("email"), NO_SUCH_EMAIL);
		}
		return Optional.ofNullable(lookups.get("id")).map((id) -> new Probe("id", id, NO_SUCH_ID)).orElse(null);
	}

	/**
	 * Runs the check; one at a time per source, so that checks cannot spend its quota.
	 */
	Mono<Checked> run() {
		Probe probe = this.probe;
		if (probe == null) {
			return Mono.error(GatewayProblem.of(ProblemType.SOURCE_NOT_CHECKABLE,
					"Source '" + this.id + "' has no check, email or id lookup to send."));
		}
		FederationProperties.Lookup lookup = probe.definition();
		RequestTemplate template = new RequestTemplate(lookup.method(), lookup.path(), lookup.body(), lookup.headers());
		return Mono.defer(() -> {
			if (!this.running.compareAndSet(false, true)) {
				return Mono.error(GatewayProblem.of(ProblemType.RATE_LIMITED,
						"A check of source '" + this.id + "' is running; try again when it has answered."));
			}
			return SourceProbe
				.send(this.client, template, Map.of("value", probe.value()), this.source.responseTimeout())
				.map((result) -> report(probe, result))
				.doFinally((signal) -> this.running.set(false));
		});
	}

	private Checked report(Probe probe, SourceProbe.Result result) {
		ObjectNode report = NODES.objectNode();
		report.put("source", this.id)
			.put("preset", this.source.preset())
			.put("department", this.source.department())
			.put("probe", probe.lookup());
		report.put("outcome", result.outcome())
			.put("authentication", result.authentication())
			.put("http_status", result.status())
			.put("latency_ms", result.latencyMillis());
		List<JsonNode> records = (result.body() != null) ? SourceConnector.records(result.body(),
				(probe.definition().records() != null) ? new FieldExpression.Path(probe.definition().records()) : null)
				: List.of();
		ObjectNode fields = NODES.objectNode().put("records", records.size());
		boolean missing = false;
		if (records.isEmpty()) {
			fields.put("note",
					result.answered() ? "no record to check fields against" : "no answer to check fields against");
		}
		else {
			MappedFieldPresence.Report presence = MappedFieldPresence.of(fieldsByPath(),
					this.source.includes().keySet(), records);
			fields.put("present", presence.present());
			ArrayNode missingPaths = fields.putArray("missing");
			presence.missing().forEach((entry) -> entry(missingPaths, entry));
			ArrayNode unchecked = fields.putArray("unchecked");
			presence.unchecked().forEach((entry) -> entry(unchecked, entry).put("reason", entry.reason()));
			missing = !presence.missing().isEmpty();
		}
		report.put("ok", result.answered() && !missing);
		report.set("fields", fields);
		return new Checked(report, result.outcome(), recordReferences(records));
	}

	/** The records the check read, as {@code source:id}, for the audit trail. */
	private List<String> recordReferences(List<JsonNode> records) {
		if (this.source.recordId() == null) {
			return List.of();
		}
		FieldExpression.Path recordId = new FieldExpression.Path(this.source.recordId());
		return records.stream()
			.map((record) -> recordId.read(record).asString(""))
			.filter((key) -> !key.isBlank())
			.map((key) -> this.id + ":" + key)
			.toList();
	}

	/** The record id's path and every path the mapping reads, with what reads them. */
	private Map<String, List<String>> fieldsByPath() {
		Map<String, List<String>> byPath = new LinkedHashMap<>();
		if (this.source.recordId() != null) {
			byPath.put(this.source.recordId(), new ArrayList<>(List.of("record-id")));
		}
		CanonicalMapping.of(this.source.mapping())
			.canonicalFieldsByReadPath()
			.forEach((path, fields) -> byPath.computeIfAbsent(path, (k) -> new ArrayList<>()).addAll(fields));
		return byPath;
	}

	private static ObjectNode entry(ArrayNode array, MappedFieldPresence.Entry entry) {
		ObjectNode item = array.addObject().put("path", entry.path());
		entry.fields().forEach(item.putArray("fields")::add);
		return item;
	}

}
