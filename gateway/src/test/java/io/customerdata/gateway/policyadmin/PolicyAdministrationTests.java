package io.customerdata.gateway.policyadmin;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import io.customerdata.gateway.policy.PolicyStore;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.json;
import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/policies} over HTTP with tokens of two security officers: the life of a
 * version, four eyes, conflicts, validation of every kind of mistake, rollback and the
 * GitOps export and import.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.policy.administration.poll-interval=100ms" })
class PolicyAdministrationTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PolicyStore store;

	WebTestClient client;

	String sam;

	String sue;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@BeforeEach
	void setUp() {
		this.client = LoopbackClient.on(this.port);
		this.sam = issuer.token("sam", "security-officer", "security", "EMEA");
		this.sue = issuer.token("sue", "security-officer", "security", "AMER");
	}

	@Test
	void theShippedDocumentIsTheFirstVersionInForce() {
		JsonNode active = get("/admin/policies/active", this.sam);
		assertThat(active.path("version").asString()).isEqualTo("2026-11-25.1");
		assertThat(active.path("state").asString()).isEqualTo("published");
		assertThat(active.path("author").asString()).isEqualTo("system");
		assertThat(active.path("active").asBoolean()).isTrue();
		assertThat(active.at("/history/0/comment").asString()).startsWith("imported from");
	}

	@Test
	void aChangeIsDraftedSubmittedApprovedByAnotherOfficerAndPublished() {
		long base = get("/admin/policies/active", this.sam).path("id").asLong();
		ObjectNode document = activeDocument();
		revenueBand(document).put("effect", "allow");

		JsonNode draft = json(send("POST", "/admin/policies", this.sam, document), 201);
		long id = draft.path("id").asLong();
		assertThat(draft.path("state").asString()).isEqualTo("draft");
		assertThat(draft.path("version").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC) + "." + id)
			.isEqualTo(draft.at("/document/version").asString());

		revenueBand(document).put("description", "Support sees the account's revenue, to prioritise.");
		assertThat(ok(send("PUT", "/admin/policies/" + id, this.sam, document)).path("document"))
			.isEqualTo(document.put("version", draft.path("version").asString()));
		assertProblem(send("PUT", "/admin/policies/" + id, this.sue, document), 403, "forbidden");

		step(id, "submit", this.sam).expectStatus().isOk();
		assertProblem(send("PUT", "/admin/policies/" + id, this.sam, document), 409, "policy-state-conflict");
		assertProblem(step(id, "approve", this.sam), 403, "four-eyes");
		assertProblem(step(id, "publish", this.sam), 409, "policy-state-conflict");
		step(id, "approve", this.sue).expectStatus().isOk();
		assertThat(this.store.current().version()).as("approved is not yet in force")
			.isNotEqualTo(draft.path("version").asString());

		JsonNode published = ok(step(id, "publish", this.sam));
		assertThat(published.path("active").asBoolean()).isTrue();
		assertThat(this.store.current().version()).isEqualTo(draft.path("version").asString());
		assertThat(published.path("history").findValuesAsString("actor")).containsExactly("sam", "sam", "sam", "sue",
				"sam");
		assertThat(published.path("history").findValuesAsString("to")).containsExactly("draft", "draft", "submitted",
				"approved", "published");
		assertThat(published.path("based_on").asLong()).isEqualTo(base);

		JsonNode events = get("/admin/audit?subject=sam&limit=20", this.sue).path("items");
		assertThat(events.findValuesAsString("action")).contains("policy-create", "policy-edit", "policy-submit",
				"policy-publish");

		rollBackTo(base);
	}

	@Test
	void aVersionDraftedUnderAnOlderVersionInForceIsNotPublished() {
		long first = draft(this.sam);
		long second = draft(this.sue);
		for (long id : new long[] { first, second }) {
			String author = (id == first) ? this.sam : this.sue;
			String reviewer = (id == first) ? this.sue : this.sam;
			step(id, "submit", author).expectStatus().isOk();
			step(id, "approve", reviewer).expectStatus().isOk();
		}
		long base = get("/admin/policies/" + first, this.sam).path("based_on").asLong();
		step(first, "publish", this.sam).expectStatus().isOk();

		assertProblem(step(second, "publish", this.sam), 409, "policy-state-conflict").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("start a new draft from version " + first));
		assertThat(get("/admin/policies/active", this.sam).path("id").asLong()).isEqualTo(first);
		rollBackTo(base);
	}

	@Test
	void aRejectionSaysWhyAndEndsTheVersion() {
		long id = draft(this.sue);
		step(id, "submit", this.sue).expectStatus().isOk();
		assertProblem(step(id, "reject", this.sam), 400, "bad-request");
		JsonNode rejected = ok(step(id, "reject", this.sam, "too broad for support"));
		assertThat(rejected.path("state").asString()).isEqualTo("rejected");
		assertThat(rejected.at("/history/2/comment").asString()).isEqualTo("too broad for support");
		assertProblem(step(id, "approve", this.sam), 409, "policy-state-conflict");
	}

	@Test
	void aRollbackRepublishesAnEarlierVersionAsANewOne() {
		long first = get("/admin/policies/active", this.sam).path("id").asLong();
		long id = draft(this.sam);
		step(id, "submit", this.sam).expectStatus().isOk();
		step(id, "approve", this.sue).expectStatus().isOk();
		step(id, "publish", this.sue).expectStatus().isOk();
		String changed = this.store.current().version();

		JsonNode restored = rollBackTo(first);
		assertThat(restored.path("rolled_back_from").asLong()).isEqualTo(first);
		assertThat(restored.path("id").asLong()).isGreaterThan(id);
		assertThat(this.store.current().version()).isEqualTo(restored.path("version").asString()).isNotEqualTo(changed);
		JsonNode original = get("/admin/policies/" + first, this.sam).path("document");
		JsonNode copy = restored.path("document").deepCopy();
		((ObjectNode) copy).put("version", original.path("version").asString());
		assertThat(copy).isEqualTo(original);
		assertProblem(step(id, "rollback", this.sam), 400, "bad-request");
	}

	@Test
	void everyKindOfMistakeIsRefusedWithItsPointer() {
		assertInvalid((doc) -> doc.put("grant", "typo"), "/", "grant");
		assertInvalid((doc) -> grant(doc).withArray("roles").add("intern"), "/grants/0/roles/1",
				"unknown role 'intern'");
		assertInvalid((doc) -> grant(doc).put("source", "erp"), "/grants/0/source", "unknown source 'erp'");
		assertInvalid((doc) -> grant(doc).withArray("fields").add("sales.shoe_size"), "/grants/0/fields/7",
				"source 'crm' has no field 'sales.shoe_size'");
		assertInvalid(
				(doc) -> doc.withObjectProperty("roles").withObjectProperty("sales-rep").put("clearance", "top-secret"),
				"/roles/sales-rep/clearance", "unknown level 'top-secret'");
		assertInvalid((doc) -> grant(doc).withArray("purposes").add("gossip"), "/grants/0/purposes/1",
				"unknown purpose 'gossip'");
		assertInvalid(
				(doc) -> doc.withObjectProperty("masking").withObjectProperty("customer.emails").put("method", "blur"),
				"/masking/customer.emails/method", "");
		assertInvalid((doc) -> grant(doc).put("max_level", "public"), "/grants/0", "can never match");

		JsonNode problem = json(this.client.post()
			.uri("/admin/policies/validate")
			.headers((h) -> h.setBearerAuth(this.sam))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"version\": ")
			.exchange(), 422);
		assertThat(problem.at("/errors/0/message").asString()).contains("not well-formed");
		assertThat(ok(send("POST", "/admin/policies/validate", this.sam, activeDocument())).path("valid").asBoolean())
			.isTrue();
	}

	@Test
	void aVersionIsExportedAsYamlAndImportedAsADraft() {
		long active = get("/admin/policies/active", this.sam).path("id").asLong();
		String yaml = new String(this.client.get()
			.uri("/admin/policies/" + active + "/document?format=yaml")
			.headers((h) -> h.setBearerAuth(this.sam))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/yaml")
			.expectHeader()
			.valueMatches("Content-Disposition", "attachment; filename=\"policy-.*\\.yaml\"")
			.expectBody()
			.returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);
		assertThat(yaml).contains("grants:");

		JsonNode imported = json(this.client.post()
			.uri("/admin/policies")
			.headers((h) -> h.setBearerAuth(this.sue))
			.contentType(MediaType.parseMediaType("application/yaml"))
			.bodyValue(yaml)
			.exchange(), 201);
		assertThat(imported.path("state").asString()).isEqualTo("draft");
		assertThat(imported.path("author").asString()).isEqualTo("sue");
		assertThat(imported.at("/document/grants")).isEqualTo(activeDocument().path("grants"));
	}

	@Test
	void onlySecurityOfficersAdministerPolicies() {
		String alice = issuer.token("alice", "sales-rep", "sales", "EMEA");
		assertProblem(this.client.get().uri("/admin/policies").headers((h) -> h.setBearerAuth(alice)).exchange(), 403,
				"forbidden");
		assertThat(get("/admin/policies", this.sam).path("items").size()).isPositive();
	}

	private JsonNode rollBackTo(long version) {
		return ok(step(version, "rollback", this.sue, "back to the known good version"));
	}

	private long draft(String officer) {
		ObjectNode document = activeDocument();
		document.withObjectProperty("purposes").put("fraud-review", "Investigating suspected fraud");
		return json(send("POST", "/admin/policies", officer, document), 201).path("id").asLong();
	}

	private void assertInvalid(Consumer<ObjectNode> mistake, String pointer, String message) {
		ObjectNode document = activeDocument();
		mistake.accept(document);
		JsonNode problem = json(send("POST", "/admin/policies", this.sam, document), 422);
		assertThat(problem.path("code").asString()).isEqualTo("policy-invalid");
		assertThat(problem.path("errors")).as(problem.toString()).anySatisfy((error) -> {
			assertThat(error.path("pointer").asString()).isEqualTo(pointer);
			assertThat(error.path("message").asString()).contains(message);
		});
	}

	/** The grant that shows support the CRM's revenue masked as a band. */
	static ObjectNode revenueBand(ObjectNode document) {
		for (JsonNode grant : document.path("grants")) {
			if (grant.path("id").asString().equals("support-sees-crm-revenue-band")) {
				return (ObjectNode) grant;
			}
		}
		throw new AssertionError("the shipped policy has no grant support-sees-crm-revenue-band");
	}

	private static ObjectNode grant(ObjectNode document) {
		return (ObjectNode) ((ArrayNode) document.get("grants")).get(0);
	}

	private ObjectNode activeDocument() {
		return (ObjectNode) get("/admin/policies/active", this.sam).path("document").deepCopy();
	}

	private WebTestClient.ResponseSpec step(long id, String step, String token) {
		return this.client.post()
			.uri("/admin/policies/" + id + "/" + step)
			.headers((h) -> h.setBearerAuth(token))
			.exchange();
	}

	private WebTestClient.ResponseSpec step(long id, String step, String token, String comment) {
		return this.client.post()
			.uri("/admin/policies/" + id + "/" + step)
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.createObjectNode().put("comment", comment).toString())
			.exchange();
	}

	private WebTestClient.ResponseSpec send(String method, String path, String token, JsonNode document) {
		return this.client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsString(document))
			.exchange();
	}

	private JsonNode get(String path, String token) {
		return ok(this.client.get().uri(path).headers((h) -> h.setBearerAuth(token)).exchange());
	}

}
