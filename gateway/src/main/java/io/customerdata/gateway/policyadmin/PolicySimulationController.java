package io.customerdata.gateway.policyadmin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.federation.CustomerLinks;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.security.SubjectAuthentication;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * A version's effect before it is in force: {@code POST /admin/policies/{id}/simulate}
 * shows one subject's view of one customer under it beside the version in force, field by
 * field; {@code GET /admin/policies/{id}/impact} lists the decision-table cases it
 * changes and replays the latest audited decisions under it. Decisions only: no field
 * value of the customer is ever shown.
 */
@RestController
@RequestMapping("/admin/policies")
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
class PolicySimulationController {

	private final PolicySimulation simulation;

	private final CustomerLinks customers;

	private final PolicyAdministrationProperties properties;

	private final AuditTrail audit;

	private final JsonMapper json;

	PolicySimulationController(PolicySimulation simulation, CustomerLinks customers,
			PolicyAdministrationProperties properties, AuditTrail audit, JsonMapper json) {
		this.simulation = simulation;
		this.customers = customers;
		this.properties = properties;
		this.audit = audit;
		this.json = json;
	}

	/** The named subjects a simulation can be run for. */
	@GetMapping(path = "/subjects", produces = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode subjects() {
		return this.json.valueToTree(this.properties.subjects());
	}

	/**
	 * Body: {@code {"subject": {"user": "carol"}}} or {@code {"subject": {"roles": [...],
	 * "department": ..., "region": ...}}}, plus {@code "customer"} (any reference) and
	 * optionally {@code "purpose"}.
	 */
	@PostMapping(path = "/{id}/simulate", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> simulate(@PathVariable long id, @RequestBody JsonNode request, Authentication authentication,
			ServerWebExchange exchange) {
		PolicyInput.Subject subject = subject(request.path("subject"));
		String customer = text(request, "customer");
		if (customer == null) {
			return Mono.error(GatewayProblem.badRequest("Name the customer: \"customer\": \"crm:ACC-000001\"."));
		}
		String purpose = text(request, "purpose");
		AuditEvent.Builder event = AuditEvents.start(((SubjectAuthentication) authentication).subject(),
				"policy-simulate", purpose, exchange);
		return this.customers.profile(customer).flatMap((profile) -> Mono.fromCallable(() -> {
			PolicySimulation.Versions versions = this.simulation.versions(id);
			Set<String> sources = new LinkedHashSet<>();
			profile.records().forEach((record) -> sources.add(record.substring(0, record.indexOf(':'))));
			PolicyInput input = new PolicyInput(subject, purpose, profile.attributes());
			DecisionComparison comparison = versions.compare(input, sources);
			ObjectNode body = header(versions);
			body.set("subject", this.json.valueToTree(subject));
			body.put("purpose", comparison.draft().purpose());
			ObjectNode about = body.putObject("customer").put("reference", customer);
			about.set("records", this.json.valueToTree(profile.records()));
			about.setAll((ObjectNode) this.json.valueToTree(profile.attributes()));
			body.set("decisions", decisions(comparison));
			body.set("summary", summary(comparison));
			body.set("fields", this.json.valueToTree(comparison.fields()));
			event.records(profile.records())
				.decision(AuditEvent.NONE, "simulated", versions.candidate().version(), null);
			return body;
		}).subscribeOn(Schedulers.boundedElastic()))
			.flatMap((body) -> this.audit.record(event.build(200)).thenReturn(body));
	}

	@GetMapping(path = "/{id}/impact", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> impact(@PathVariable long id, @RequestParam(required = false) @Nullable Integer replay) {
		int count = (replay != null) ? replay : this.properties.replay();
		if (count < 0 || count > this.properties.replayLimit()) {
			return Mono.error(GatewayProblem.badRequest("replay is 0 to " + this.properties.replayLimit() + "."));
		}
		return Mono.fromCallable(() -> {
			PolicySimulation.Impact impact = this.simulation.impact(id, count);
			ObjectNode body = header(impact.versions());
			ObjectNode table = body.putObject("decision_table");
			table.put("cases", impact.cases()).put("changed", impact.changedCases().size());
			ArrayNode cases = table.putArray("changed_cases");
			impact.changedCases().forEach((change) -> {
				ObjectNode item = cases.addObject()
					.put("file", change.decisionCase().file())
					.put("name", change.decisionCase().name());
				item.set("decisions", decisions(change.comparison()));
				item.set("summary", summary(change.comparison()));
				item.set("fields", this.json.valueToTree(change.comparison().changed()));
			});
			PolicySimulation.Replay replayed = impact.replay();
			ObjectNode audited = body.putObject("audited_decisions");
			audited.put("replayed", replayed.replayed())
				.put("unchanged", replayed.unchanged())
				.put("more_disclosed", replayed.more())
				.put("less_disclosed", replayed.less())
				.put("mixed", replayed.mixed());
			audited.set("fields", this.json.valueToTree(replayed.fields()));
			return body;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private ObjectNode header(PolicySimulation.Versions versions) {
		ObjectNode body = this.json.createObjectNode();
		body.putObject("version")
			.put("id", versions.candidate().id())
			.put("version", versions.candidate().version())
			.put("state", versions.candidate().state().code());
		body.putObject("active").put("id", versions.active().id()).put("version", versions.active().version());
		return body;
	}

	private ObjectNode decisions(DecisionComparison comparison) {
		ObjectNode decisions = this.json.createObjectNode();
		decisions.set("active", outcome(comparison.active()));
		decisions.set("draft", outcome(comparison.draft()));
		return decisions;
	}

	private ObjectNode outcome(Decision decision) {
		return this.json.createObjectNode()
			.put("allow", decision.allow())
			.put("reason", decision.reason().code())
			.put("purpose", decision.purpose());
	}

	private ObjectNode summary(DecisionComparison comparison) {
		ObjectNode summary = this.json.createObjectNode();
		for (DecisionComparison.Change change : DecisionComparison.Change.values()) {
			summary.put(change.code(), comparison.count(change));
		}
		return summary;
	}

	private PolicyInput.Subject subject(JsonNode subject) {
		String user = text(subject, "user");
		if (user != null) {
			PolicyAdministrationProperties.SubjectPreset preset = this.properties.subjects().get(user);
			if (preset == null) {
				throw GatewayProblem.badRequest("No subject named '" + user + "'; known: "
						+ String.join(", ", this.properties.subjects().keySet())
						+ ", or give roles, department, region.");
			}
			return new PolicyInput.Subject(Set.copyOf(preset.roles()), preset.department(), preset.region());
		}
		if (!subject.path("roles").isArray() || subject.path("roles").isEmpty()) {
			throw GatewayProblem.badRequest(
					"Give the subject as {\"user\": …} or {\"roles\": [...], \"department\": …, " + "\"region\": …}.");
		}
		List<String> roles = subject.path("roles").valueStream().map(JsonNode::asString).toList();
		return new PolicyInput.Subject(Set.copyOf(roles), text(subject, "department"), text(subject, "region"));
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

}
