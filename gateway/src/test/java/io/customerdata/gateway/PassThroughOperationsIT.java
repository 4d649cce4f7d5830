package io.customerdata.gateway;

import java.util.ArrayList;
import java.util.List;

import io.customerdata.gateway.testing.Dialects;
import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pass-through route to the CRM as Salesforce (the preset, the gateway's own
 * client-credentials token, the sample Salesforce that answers only what a query
 * selects), with real Keycloak tokens: only the declared operations reach it, and a SOQL
 * query is made to select what the decision on each record needs.
 */
@RealStackTest(properties = { "gateway.federation.sources.crm.preset=salesforce",
		"gateway.federation.sources.crm.auth.client-id=customer-gateway",
		"gateway.federation.sources.crm.auth.client-secret=env:CRM_CLIENT_SECRET" })
class PassThroughOperationsIT {

	static final String API = "/api/v1/departments/crm/services/data/v60.0";

	static JsonNode emea;

	static JsonNode apac;

	static JsonNode restricted;

	@Autowired
	GatewayClient gateway;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.federation.sources.crm.base-url", () -> Dialects.saasUrl("crm"));
		registry.add("gateway.federation.sources.crm.auth.token-uri",
				() -> Dialects.saasUrl("crm") + "/services/oauth2/token");
	}

	@BeforeAll
	static void pickAccounts() {
		emea = RealStack.findAccount((a) -> a.path("region").asString().equals("EMEA")
				&& a.path("classification").asString().equals("standard"));
		apac = RealStack.findAccount((a) -> a.path("region").asString().equals("APAC")
				&& a.path("classification").asString().equals("standard"));
		restricted = RealStack.findAccount((a) -> a.path("classification").asString().equals("restricted"));
	}

	@Test
	void aQueryWithoutIdShowsASupportAgentOnlyTheAccountsOfTheirRegionThatAreNotRestricted() {
		String soql = "SELECT Name, Region__c, Primary_Contact__r.Email FROM Account WHERE "
				+ "Primary_Contact__r.Email = '" + email(emea) + "' OR Primary_Contact__r.Email = '" + email(apac)
				+ "' OR Primary_Contact__r.Email = '" + email(restricted) + "'";

		JsonNode asCarol = ok(query("carol", "support-case", soql));

		assertThat(asCarol.path("records")).hasSize(1);
		JsonNode record = asCarol.path("records").get(0);
		assertThat(record.path("Name").asString()).isEqualTo(emea.path("accountName").asString());
		assertThat(record.at("/Primary_Contact__r/Email").asString()).isEqualTo(email(emea));
		assertThat(asCarol.toString()).doesNotContain(apac.path("accountName").asString())
			.doesNotContain(restricted.path("accountName").asString())
			.doesNotContain("totalSize");
		assertThat(names(record)).as("what the gateway added to decide leaves only as her views allow")
			.doesNotContain("Id", "Classification__c");

		JsonNode asAlice = ok(query("alice", null, soql));
		assertThat(asAlice.path("records")).as("the restricted account is refused even to sales").hasSize(2);
		assertThat(asAlice.at("/records/0/Id").asString()).as("her own department's field").startsWith("001");
	}

	@Test
	void onlyTheDeclaredOperationsReachTheDepartment() {
		for (String soql : new String[] { "SELECT Id, Username FROM User", "SELECT Id, LoginTime FROM LoginHistory",
				"SELECT Name, (SELECT Email FROM Contacts) FROM Account" }) {
			assertProblem(query("alice", null, soql), 403, "operation-not-allowed");
		}
		for (String path : new String[] { "/sobjects/User/005Q00000000001AAA", "/queryAll?q=SELECT+Id+FROM+Account",
				"/search?q=FIND+%7Bhoppe%7D", "/limits" }) {
			assertProblem(exchange("alice", HttpMethod.GET, API + path), 403, "operation-not-allowed");
		}
		String account = API + "/sobjects/Account/" + salesforceId(emea);
		assertProblem(exchange("alice", HttpMethod.DELETE, account), 403, "operation-not-allowed");
		assertProblem(exchange("alice", HttpMethod.PATCH, account), 403, "operation-not-allowed");
		assertThat(ok(exchange("alice", HttpMethod.GET, account)).path("AccountNumber").asString())
			.isEqualTo(emea.path("accountId").asString());
	}

	@Test
	void aQueryTheGatewayCannotDecideOnIsRefusedSayingWhy() {
		assertProblem(query("alice", null, "SELECT COUNT() FROM Account"), 400, "query-not-supported")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("Aggregate"));
		assertProblem(query("alice", null, "SELECT Name FROM Account WHERE Name = 'unterminated"), 400,
				"query-not-supported")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("unterminated"));
		assertProblem(query("alice", null, "SELECT Id FROM Account WHERE OwnerId IN (SELECT Id FROM User)"), 400,
				"query-not-supported");
	}

	private WebTestClient.ResponseSpec query(String user, String purpose, String soql) {
		return this.gateway.as(user, purpose).get().uri(API + "/query?q={q}", soql).exchange();
	}

	private WebTestClient.ResponseSpec exchange(String user, HttpMethod method, String path) {
		return this.gateway.as(user).method(method).uri(this.gateway.at(path)).exchange();
	}

	private static String email(JsonNode account) {
		return account.at("/primaryContact/email").asString();
	}

	/** The sample Salesforce's id of a CRM account ({@code ACC-000123}). */
	private static String salesforceId(JsonNode account) {
		String digits = account.path("accountId").asString().replaceAll("\\D", "");
		return "001Q" + "0".repeat(11 - digits.length()) + digits + "AAA";
	}

	private static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}
