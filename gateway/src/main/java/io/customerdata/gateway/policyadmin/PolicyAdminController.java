package io.customerdata.gateway.policyadmin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.SubjectAuthentication;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /admin/policies}: policy versions for security officers (role
 * {@code security-officer}, enforced for all of {@code /admin/**}). Documents are read as
 * JSON or, with {@code Content-Type: application/yaml}, YAML, and exported as either.
 * Every step is answered only once its audit event is durable.
 */
@RestController
@RequestMapping("/admin/policies")
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
class PolicyAdminController {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private final PolicyAdministration administration;

	private final PolicyPublisher publisher;

	private final AuditTrail audit;

	private final JsonMapper json;

	private final YAMLMapper yaml = YAMLMapper.builder().build();

	PolicyAdminController(PolicyAdministration administration, PolicyPublisher publisher, AuditTrail audit,
			JsonMapper json) {
		this.administration = administration;
		this.publisher = publisher;
		this.audit = audit;
		this.json = json;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> list() {
		return blocking(() -> {
			List<PolicyVersion> versions = this.administration.all();
			Long active = this.administration.inForce();
			ObjectNode body = this.json.createObjectNode();
			body.put("active", active);
			versions.forEach((version) -> body.withArray("items").add(summary(version, active)));
			return body;
		});
	}

	@GetMapping(path = "/active", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> active() {
		return blocking(() -> detail(this.administration.active()));
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> get(@PathVariable long id) {
		return blocking(() -> detail(this.administration.get(id)));
	}

	/** The document alone, as a file for a Git repository: JSON, or YAML. */
	@GetMapping(path = "/{id}/document")
	Mono<ResponseEntity<String>> export(@PathVariable long id, @RequestParam(defaultValue = "json") String format) {
		if (!format.equals("json") && !format.equals("yaml")) {
			return Mono.error(GatewayProblem.badRequest("format is json or yaml."));
		}
		return blocking(() -> {
			PolicyVersion version = this.administration.get(id);
			JsonNode document = this.json.readTree(version.document());
			boolean asYaml = format.equals("yaml");
			String text = asYaml ? this.yaml.writeValueAsString(document)
					: this.json.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
			return ResponseEntity.ok()
				.contentType(asYaml ? YAML : MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						"attachment; filename=\"policy-" + version.version() + "." + format + "\"")
				.body(text);
		});
	}

	/** Checks a document as a save would, saving nothing. */
	@PostMapping(path = "/validate", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> validate(@RequestBody String body, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type) {
		return blocking(() -> {
			this.administration.validate(parse(body, type));
			return this.json.createObjectNode().put("valid", true);
		});
	}

	/**
	 * A new draft from the document in the body (the file in {@code policies/}, say), or,
	 * without a body, from version {@code from}.
	 */
	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ObjectNode>> draft(@RequestBody(required = false) @Nullable String body,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable MediaType type,
			@RequestParam(required = false) @Nullable Long from, Authentication authentication,
			ServerWebExchange exchange) {
		String officer = officer(authentication);
		return step("create", exchange, authentication,
				() -> this.administration.draft(officer, (body != null && !body.isBlank()) ? parse(body, type) : null,
						from, null))
			.flatMap((change) -> blocking(() -> ResponseEntity.status(HttpStatus.CREATED)
				.header(HttpHeaders.LOCATION, "/admin/policies/" + change.version().id())
				.body(detail(change.version()))));
	}

	@PutMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> edit(@PathVariable long id, @RequestBody String body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type, Authentication authentication,
			ServerWebExchange exchange) {
		String officer = officer(authentication);
		return step("edit", exchange, authentication,
				() -> this.administration.edit(officer, id, parse(body, type), null))
			.flatMap((change) -> blocking(() -> detail(change.version())));
	}

	@PostMapping(path = "/{id}/{step:submit|approve|reject|publish|rollback}",
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> transition(@PathVariable long id, @PathVariable String step,
			@RequestBody(required = false) @Nullable String body, Authentication authentication,
			ServerWebExchange exchange) {
		String officer = officer(authentication);
		@Nullable String comment = StepComment.of(body, this.json);
		return step(step, exchange, authentication, () -> switch (step) {
			case "submit" -> this.administration.submit(officer, id, comment);
			case "approve" -> this.administration.approve(officer, id, comment);
			case "reject" -> this.administration.reject(officer, id, comment);
			case "publish" -> this.administration.publish(officer, id, comment);
			default -> this.administration.rollback(officer, id, comment);
		}).flatMap((change) -> blocking(() -> {
			if (change.version().state() == PolicyState.PUBLISHED) {
				// This replica switches now; the others within their poll interval.
				this.publisher.applyActive();
			}
			return detail(change.version());
		}));
	}

	/**
	 * A step taken on a worker thread, then audited as {@code policy-<step>}; answered
	 * once the event is durable.
	 */
	private Mono<PolicyAdministration.Change> step(String step, ServerWebExchange exchange,
			Authentication authentication, Callable<PolicyAdministration.Change> work) {
		SubjectAuthentication subject = (SubjectAuthentication) authentication;
		return blocking(work).flatMap((change) -> {
			AuditEvent event = AuditEvents.start(subject.subject(), "policy-" + step, null, exchange)
				.decision(AuditEvent.NONE, change.transition().to().code(), change.version().version(), null)
				.build(200);
			return this.audit.record(event).thenReturn(change);
		});
	}

	private ObjectNode summary(PolicyVersion version, @Nullable Long active) {
		ObjectNode node = this.json.valueToTree(version);
		node.put("active", active != null && version.id() == active);
		return node;
	}

	private ObjectNode detail(PolicyVersion version) {
		ObjectNode node = summary(version, this.administration.inForce());
		node.set("document", this.json.readTree(version.document()));
		node.set("history", this.json.valueToTree(this.administration.history(version.id())));
		return node;
	}

	private JsonNode parse(String body, @Nullable MediaType type) {
		try {
			boolean asYaml = type != null && (type.isCompatibleWith(YAML) || type.getSubtype().endsWith("yaml"));
			return asYaml ? this.yaml.readTree(body) : this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw GatewayProblem.withExtensions(ProblemType.POLICY_INVALID,
					"The body is not a readable JSON or YAML document.",
					Map.of("errors", List.of(Map.of("pointer", "", "message", "not well-formed JSON or YAML"))));
		}
	}

	private static String officer(Authentication authentication) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			throw GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject.");
		}
		return subject.subject().username();
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

}
