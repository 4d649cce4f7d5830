package io.customerdata.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pass-through API under the policy, over real HTTP with real Keycloak tokens and the
 * sample departments: each demo user gets the departments' own answers filtered field by
 * field and record by record, exactly as the unified view would show the same customer.
 */
@RealStackTest
class PassThroughPolicyIT {

	static JsonNode emeaAccount;

	static JsonNode restrictedAccount;

	static JsonNode emeaRequester;

	static JsonNode apacRequester;

	@Autowired
	GatewayClient gateway;

	@BeforeAll
	static void pickCustomers() {
		emeaAccount = RealStack.findAccount((a) -> a.path("region").asString().equals("EMEA")
				&& a.path("classification").asString().equals("standard") && a.path("deals").size() > 0);
		restrictedAccount = RealStack.findAccount((a) -> a.path("classification").asString().equals("restricted"));
		emeaRequester = RealStack.findRequester((r) -> r.path("region").asString().equals("EMEA")
				&& r.at("/customFields/sensitivity").asString().equals("standard"));
		apacRequester = RealStack.findRequester((r) -> r.path("region").asString().equals("APAC")
				&& r.at("/customFields/sensitivity").asString().equals("standard"));
	}

	@Test
	void ownDepartmentSeesItsRecordsUpToClearance() {
		JsonNode account = this.gateway.read("alice", null, "/crm/accounts/" + accountId(emeaAccount));

		assertThat(account.at("/deals/0/amount").isNumber()).isTrue();
		assertThat(account.get("deals")).isEqualTo(emeaAccount.get("deals"));
		// Notes may have grown since: another test writes one.
		assertThat(account.get("notes").size()).isGreaterThanOrEqualTo(emeaAccount.get("notes").size());
		assertThat(account.get("primaryContact")).isEqualTo(emeaAccount.get("primaryContact"));
	}

	@Test
	void supportSeesCrmContactOwnerAndStageButNoDealsOrNotes() {
		JsonNode account = this.gateway.read("carol", "support-case", "/crm/accounts/" + accountId(emeaAccount));

		assertThat(fieldNames(account)).containsExactlyInAnyOrder("accountName", "primaryContact", "region", "owner",
				"lifecycleStage", "annualRevenue");
		assertThat(fieldNames(account.get("primaryContact"))).containsExactlyInAnyOrder("firstName", "lastName",
				"email", "phone");
		assertThat(account.get("annualRevenue").isString()).as("a range, not the amount").isTrue();
		assertThat(account.toString()).doesNotContain(emeaAccount.at("/deals/0/dealId").asString());
	}

	@Test
	void marketingSeesCrmContactDataOnlyMasked() {
		JsonNode account = this.gateway.read("bob", "campaign-planning", "/crm/accounts/" + accountId(emeaAccount));

		String email = emeaAccount.at("/primaryContact/email").asString();
		assertThat(account.at("/primaryContact/email").asString())
			.isEqualTo(email.charAt(0) + "***" + email.substring(email.indexOf('@')).toLowerCase());
		assertThat(account.at("/primaryContact/firstName").isMissingNode()).isTrue();
		assertThat(account.path("lifecycleStage").asString()).isEqualTo(emeaAccount.path("lifecycleStage").asString());
	}

	@Test
	void regionScopedAgentsSeeOnlyTheirRegionsRequestersAndTickets() {
		String emea = "/support/api/v2/requesters/" + emeaRequester.path("id").asLong();
		String apac = "/support/api/v2/requesters/" + apacRequester.path("id").asLong();

		assertThat(this.gateway.read("carol", null, emea).get("csat")).isEqualTo(emeaRequester.get("csat"));
		assertThat(this.gateway.read("dan", null, apac).get("csat")).isEqualTo(apacRequester.get("csat"));
		assertProblem(this.gateway.department("dan", null, emea), 403, "policy-denied");
		assertProblem(this.gateway.department("carol", null, apac), 403, "policy-denied");
		// A requester's tickets belong to the requester's customer.
		assertThat(this.gateway.read("carol", null, emea + "/tickets").path("tickets").isArray()).isTrue();
		assertProblem(this.gateway.department("dan", null, emea + "/tickets"), 403, "policy-denied");
	}

	@Test
	void aListShowsARegionScopedAgentOnlyTheirRegion() {
		String search = "/api/v2/requesters/search?query=" + URLEncoder.encode("a", StandardCharsets.UTF_8)
				+ "&per_page=100";
		JsonNode direct = RealStack.department("support", search);

		WebTestClient.ResponseSpec response = this.gateway.department("carol", null, "/support" + search);
		JsonNode filtered = ok(response);

		List<String> regions = new ArrayList<>();
		filtered.path("requesters").forEach((r) -> regions.add(r.path("region").asString()));
		long expected = direct.path("requesters")
			.valueStream()
			.filter((r) -> r.path("region").asString().equals("EMEA")
					&& !r.at("/customFields/sensitivity").asString().equals("restricted"))
			.count();
		assertThat(regions).hasSize((int) expected).containsOnly("EMEA");
		assertThat(expected).isLessThan(direct.path("requesters").size());
	}

	@Test
	void salesSeesTicketSubjectsButNoTicketText() {
		JsonNode tickets = this.gateway.read("alice", null,
				"/support/api/v2/requesters/" + emeaRequester.path("id").asLong() + "/tickets");

		tickets.path("tickets").forEach((ticket) -> assertThat(fieldNames(ticket)).containsOnly("subject", "status"));
	}

	@Test
	void aRestrictedCustomerIsRefusedEvenToTheirOwnDepartment() {
		assertProblem(this.gateway.department("alice", null, "/crm/accounts/" + accountId(restrictedAccount)), 403,
				"policy-denied")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("restricted-customer"));
	}

	@Test
	void onlyTheDepartmentInChargeChangesItsData() {
		String notes = "/api/v1/departments/crm/accounts/" + accountId(emeaAccount) + "/notes";
		this.gateway.as("alice")
			.post()
			.uri(notes)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\": \"Renewal call booked\"}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		assertProblem(this.gateway.as("carol")
			.post()
			.uri(notes)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\": \"Not mine to write\"}")
			.exchange(), 403, "policy-denied");
	}

	@Test
	void securityOfficersSeeNoCustomerDataThroughAnyDepartment() {
		for (String officer : new String[] { "sam", "sue" }) {
			for (String path : new String[] { "/crm/accounts", "/marketing/contacts",
					"/support/api/v2/requesters/search" }) {
				assertProblem(this.gateway.department(officer, "account-management", path), 403, "policy-denied");
			}
		}
	}

	private static String accountId(JsonNode account) {
		return account.path("accountId").asString();
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}
