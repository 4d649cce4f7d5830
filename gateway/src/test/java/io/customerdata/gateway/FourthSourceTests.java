package io.customerdata.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.json;
import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a department is configuration plus policy data, not code: a billing system
 * exists here only in {@code application-fourth-source.yml} and in policy entries added
 * to the shipped document, and it takes part in the unified view and gets its own
 * pass-through route under the same policy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@ActiveProfiles("fourth-source")
class FourthSourceTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	/**
	 * Billing knows one customer; every other path (the three usual sources too) knows
	 * nobody.
	 */
	static final HttpServer billing = Servers.start(() -> {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			String query = exchange.getRequestURI().getQuery();
			boolean ada = exchange.getRequestURI().getPath().equals("/customers") && query != null
					&& query.equals("email=ada@analytical.example");
			byte[] body = (ada ? """
					{"customers": [{"customerNo": "B-1", "contactEmail": "Ada@Analytical.example",
					  "balance": 420.50, "paymentStatus": "overdue", "iban": "NL00BANK0123456789"}]}""" : "{}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	});

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		String url = "http://127.0.0.1:" + billing.getAddress().getPort();
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		for (String source : new String[] { "crm", "support", "marketing", "billing" }) {
			registry.add("gateway.federation.sources." + source + ".base-url", () -> url);
		}
		Path policy = policyWithBilling();
		registry.add("gateway.policy.document", () -> "file:" + policy);
	}

	@AfterAll
	static void stop() {
		issuer.close();
		billing.stop(0);
	}

	@Test
	void theFourthSourceTakesPartInTheUnifiedView() {
		JsonNode view = ok(client().get()
			.uri("/api/v1/customers/{ref}", "email:ada@analytical.example")
			.headers((h) -> h.setBearerAuth(issuer.token("alice", "sales-rep", "sales", "EMEA")))
			.exchange());

		assertThat(view.at("/billing")).isEqualTo(JSON
			.readTree("{\"customer_no\": \"B-1\", \"payment_status\": \"overdue\", \"balance\": \"[100, 1000)\"}"));
		assertThat(view.at("/customer/emails").get(0).asString()).isEqualTo("Ada@Analytical.example");
		assertThat(view.at("/_meta/sources/billing/status").asString()).isEqualTo("ok");
		assertThat(view.at("/_meta/linked_records/0/source").asString()).isEqualTo("billing");
		assertThat(view.at("/_meta/fields/withheld_fields").toString()).contains("billing:billing.iban");
		assertThat(view.toString()).doesNotContain("NL00BANK");
	}

	@Test
	void itsPassThroughRouteIsUnderTheSamePolicy() {
		client().get()
			.uri("/api/v1/departments/billing/customers?email=ada@analytical.example")
			.headers((h) -> h.setBearerAuth(issuer.token("alice", "sales-rep", "sales", "EMEA")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Fields-Masked", "1")
			.expectBody()
			.json("""
					{"customers": [{"customerNo": "B-1", "contactEmail": "Ada@Analytical.example",
					                "balance": "[100, 1000)", "paymentStatus": "overdue"}]}""", JsonCompareMode.STRICT);
		assertProblem(client().post()
			.uri("/api/v1/departments/billing/customers")
			.headers((h) -> h.setBearerAuth(issuer.token("alice", "sales-rep", "sales", "EMEA")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange(), 403, "policy-denied");
		client().get()
			.uri("/api/v1/departments/billing/customers?email=ada@analytical.example")
			.headers((h) -> h.setBearerAuth(issuer.token("fay", "finance-clerk", "finance", "EMEA")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.customers[0].iban")
			.isEqualTo("NL00BANK0123456789");
	}

	private WebTestClient client() {
		return LoopbackClient.on(this.port);
	}

	/**
	 * The shipped policy plus billing's classification, where its records' sensitivity
	 * comes from (billing records carry none: without the declaration every one would be
	 * restricted), a grant and a masking rule: data only.
	 */
	static Path policyWithBilling() throws IOException {
		ObjectNode policy = (ObjectNode) JSON
			.readTree(Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")
				.toFile());
		policy.withObject("sources").set("billing", JSON.readTree("""
				{"department": "finance", "default_level": "confidential",
				 "fields": {"customer.emails": "internal", "billing.customer_no": "internal",
				            "billing.payment_status": "internal", "billing.balance": "confidential",
				            "billing.iban": "restricted"},
				 "attributes": {"sensitivity": {"from": ["record", "crm"], "default": "standard"}}}"""));
		policy.withObject("roles").set("finance-clerk", JSON.readTree("""
				{"department": "finance", "clearance": "restricted", "default_purpose": "account-management",
				 "region_scoped": false}"""));
		policy.withArray("grants").add(JSON.readTree("""
				{"id": "sales-sees-billing-standing", "roles": ["sales-rep"], "source": "billing",
				 "purposes": ["account-management"], "max_level": "internal", "effect": "allow",
				 "fields": ["customer.emails", "billing.customer_no", "billing.payment_status"]}"""));
		policy.withArray("grants").add(JSON.readTree("""
				{"id": "sales-sees-billing-balance-band", "roles": ["sales-rep"], "source": "billing",
				 "purposes": ["account-management"], "max_level": "confidential", "effect": "mask",
				 "fields": ["billing.balance"]}"""));
		policy.withObject("masking")
			.set("billing.balance", JSON.readTree("{\"method\": \"range\", \"bounds\": [100, 1000]}"));
		Path file = Files.createTempFile("policy-with-billing", ".json");
		Files.writeString(file, JSON.writeValueAsString(policy));
		return file;
	}

}
