package io.customerdata.gateway.sources;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/sources/{source}/check} as the gateway serves it: for security
 * officers only, a problem for a source not configured, audited with the record it read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class SourceCheckEndpointTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	/** The sample CRM's first account, without the classification the mapping reads. */
	static final StubDepartment crm = Servers.start(StubDepartment::new).answer("/accounts?size=1", """
			{"content": [{"accountId": "ACC-000042", "accountName": "Hoppe Ltd", "region": "EMEA",
			  "primaryContact": {"firstName": "Tommy", "lastName": "Hoppe", "email": "tommy@x.example",
			                     "phone": "+447700900123"},
			  "billingAddress": {"country": "GB"}, "owner": {"userId": "u1"}, "lifecycleStage": "customer",
			  "annualRevenue": 1000, "deals": [], "notes": []}]}""");

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
	void anOfficerLearnsWhichMappedFieldsTheSourceLacksAndTheCheckIsAudited() {
		String sam = issuer.token("sam", "security-officer", "security", "EMEA");

		JsonNode report = ok(get("/admin/sources/crm/check", sam));

		assertThat(report.path("outcome").asString()).isEqualTo("answered");
		assertThat(report.path("http_status").asInt()).isEqualTo(200);
		assertThat(report.path("ok").asBoolean()).isFalse();
		assertThat(report.at("/fields/missing").findValuesAsString("path")).containsExactly("classification");
		assertThat(report.toString()).doesNotContain("Hoppe", "tommy@x.example", "ACC-000042");
		JsonNode events = ok(get("/admin/audit?subject=sam&limit=5", sam)).path("items");
		assertThat(events.findValuesAsString("action")).contains("source-check");
		assertThat(events.findValues("records").toString()).contains("crm:ACC-000042");
	}

	@Test
	void onlySecurityOfficersMayCheckASource() {
		String alice = issuer.token("alice", "sales-rep", "sales", "EMEA");

		assertProblem(get("/admin/sources/crm/check", alice), 403, "forbidden");
	}

	@Test
	void aSourceNotConfiguredIsNotFound() {
		String sam = issuer.token("sam", "security-officer", "security", "EMEA");

		assertProblem(get("/admin/sources/billing/check", sam), 404, "not-found").jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).doesNotContain("billing"));
	}

	private WebTestClient.ResponseSpec get(String path, String token) {
		return LoopbackClient.on(this.port).get().uri(path).headers((h) -> h.setBearerAuth(token)).exchange();
	}

}
