package io.customerdata.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unified customer view over real HTTP: real Keycloak tokens for the demo users, the
 * real departments, the shipped policy. Test customers are picked by asking the
 * departments directly, as an operator would; the expected field sets are written from
 * the policy.
 */
@RealStackTest
class UnifiedCustomerViewIT {

	/**
	 * An EMEA customer every department knows, not restricted, not consenting to sales
	 * follow-up.
	 */
	static String emea;

	/** An APAC customer every department knows, not restricted. */
	static String apac;

	/** A customer in the CRM who consented to sales follow-up. */
	static String consenting;

	static String restricted;

	@Autowired
	GatewayClient gateway;

	@BeforeAll
	static void pickCustomers() {
		emea = RealStack.findCustomer((a) -> a.path("region").asString().equals("EMEA") && knownEverywhere(a)
				&& !consentsToFollowUp(email(a)));
		apac = RealStack.findCustomer((a) -> a.path("region").asString().equals("APAC") && knownEverywhere(a));
		consenting = RealStack.findCustomer((a) -> consentsToFollowUp(email(a)));
		restricted = RealStack.findCustomer((a) -> a.path("classification").asString().equals("restricted"));
	}

	@Test
	void salesRepForAccountManagement() {
		JsonNode view = this.gateway.view("alice", emea, "account-management");
		assertThat(fields(view)).containsExactlyInAnyOrder("customer.address", "customer.emails", "customer.name",
				"customer.phones", "customer.region", "customer.sensitivity", "sales.account_id", "sales.account_name",
				"sales.annual_revenue", "sales.deals", "sales.notes", "sales.owner", "sales.stage",
				"marketing.last_engagement", "marketing.lead_score", "marketing.subscriptions",
				"support.open_ticket_count", "support.tickets");
		assertThat(view.at("/marketing/last_engagement").asString()).matches("\\d{4}");
		view.at("/support/tickets").forEach((t) -> assertThat(names(t)).isSubsetOf("subject", "status"));
		assertThat(view.at("/_meta/linked_records")).hasSize(3);
		assertThat(view.at("/_meta/partial").asBoolean()).isFalse();
	}

	@Test
	void salesRepForFollowUpSeesMarketingHistoryOnlyWithConsent() {
		JsonNode without = this.gateway.view("alice", emea, "sales-followup");
		assertThat(fields(without)).containsExactlyInAnyOrder("customer.address", "customer.emails", "customer.name",
				"customer.phones", "customer.region", "customer.sensitivity", "sales.account_id", "sales.account_name",
				"sales.annual_revenue", "sales.deals", "sales.notes", "sales.owner", "sales.stage",
				"marketing.lead_score", "marketing.subscriptions");
		assertThat(without.at("/_meta/sources/support/status").asString()).isEqualTo("not-permitted");

		JsonNode with = this.gateway.view("alice", consenting, "sales-followup");
		assertThat(fields(with)).contains("marketing.campaigns", "marketing.segments", "marketing.last_engagement");
		assertThat(with.at("/marketing/last_engagement").asString()).matches("\\d{4}-.*");
	}

	@Test
	void marketingAnalystForCampaignPlanning() {
		JsonNode view = this.gateway.view("bob", emea, "campaign-planning");
		assertThat(fields(view)).containsExactlyInAnyOrder("customer.address", "customer.consent", "customer.emails",
				"customer.name", "customer.phones", "customer.region", "sales.annual_revenue", "sales.stage",
				"marketing.campaigns", "marketing.last_engagement", "marketing.lead_id", "marketing.lead_score",
				"marketing.segments", "marketing.subscriptions", "support.csat", "support.open_ticket_count",
				"support.ticket_count");
		assertThat(view.at("/customer/address").asString()).isEqualTo("[redacted]");
		assertThat(view.at("/sales/annual_revenue").asString()).matches("\\[\\d*, \\d*\\)");
		assertThat(view.at("/_meta/fields/masked_fields").toString()).contains("crm:customer.emails")
			.contains("support:customer.phones");
	}

	@Test
	void marketingAnalystForAnalyticsSeesPseudonymsFromOtherDepartments() {
		JsonNode view = this.gateway.view("bob", emea, "customer-analytics");
		assertThat(fields(view)).containsExactlyInAnyOrder("customer.consent", "customer.emails", "customer.name",
				"customer.phones", "customer.region", "sales.annual_revenue", "sales.stage", "marketing.campaigns",
				"marketing.last_engagement", "marketing.lead_id", "marketing.lead_score", "marketing.segments",
				"marketing.subscriptions", "support.csat", "support.open_ticket_count", "support.ticket_count",
				"support.tickets");
		view.at("/support/tickets").forEach((t) -> assertThat(t.path("subject").asString()).matches("pn-[0-9a-f]{16}"));
		assertThat(view.at("/_meta/provenance/customer.name").get(0).asString())
			.as("marketing's clear name beats the CRM's pseudonym")
			.isEqualTo("marketing");
	}

	@Test
	void supportAgentForASupportCase() {
		for (String agent : new String[] { "carol", "dan" }) {
			JsonNode view = this.gateway.view(agent, agent.equals("carol") ? emea : apac, "support-case");
			assertThat(fields(view)).as(agent)
				.containsExactlyInAnyOrder("customer.consent", "customer.emails", "customer.name", "customer.phones",
						"customer.region", "customer.sensitivity", "sales.account_name", "sales.annual_revenue",
						"sales.owner", "sales.stage", "marketing.campaigns", "marketing.last_engagement",
						"marketing.lead_id", "marketing.lead_score", "marketing.segments", "marketing.subscriptions",
						"support.csat", "support.open_ticket_count", "support.requester_id", "support.sla",
						"support.ticket_count", "support.tickets");
			assertThat(view.at("/_meta/fields/withheld_fields").toString()).contains("crm:sales.deals")
				.contains("crm:sales.notes");
		}
	}

	@Test
	void supportAgentForAnotherPurposeSeesOnlyTheHelpDesk() {
		assertProblem(this.gateway.customer("carol", emea, "account-management"), 403, "policy-denied");
		String email = RealStack.department("crm", "/accounts/" + emea.substring(4))
			.at("/primaryContact/email")
			.asString();
		JsonNode view = this.gateway.view("carol", "email:" + email.strip(), "account-management");
		assertThat(fields(view)).containsExactlyInAnyOrder("customer.emails", "customer.name", "customer.phones",
				"customer.region", "customer.sensitivity", "support.csat", "support.open_ticket_count",
				"support.requester_id", "support.sla", "support.ticket_count", "support.tickets");
		assertThat(view.at("/_meta/sources/crm/status").asString()).as("the CRM is not even asked: data minimisation")
			.isEqualTo("not-permitted");
		assertThat(view.at("/_meta/sources/marketing/status").asString()).isEqualTo("not-permitted");
	}

	@Test
	void aRegionScopedAgentIsRefusedAnotherRegionsCustomer() {
		assertProblem(this.gateway.customer("dan", emea, "support-case"), 403, "policy-denied");
		assertProblem(this.gateway.customer("carol", apac, "support-case"), 403, "policy-denied");
	}

	@Test
	void aRestrictedCustomerIsRefused() {
		assertProblem(this.gateway.customer("alice", restricted, null), 403, "policy-denied");
	}

	@Test
	void securityOfficersSeeNoCustomerData() {
		assertProblem(this.gateway.customer("sam", emea, "account-management"), 403, "policy-denied");
		assertProblem(this.gateway.customer("sue", emea, null), 400, "purpose-required");
	}

	@Test
	void theSameCustomerIsFoundByEmailAndPhone() {
		JsonNode byId = this.gateway.view("alice", emea, "account-management");
		String email = byId.at("/customer/emails").get(0).asString();
		String phone = byId.at("/customer/phones").get(0).asString();
		for (String reference : new String[] { "email:" + email.toUpperCase(), "phone:" + phone }) {
			JsonNode other = this.gateway.view("alice", reference, null);
			assertThat(other.at("/sales/account_id").asString()).as(reference).isEqualTo(emea.substring(4));
		}
	}

	@Test
	void malformedReferencesUnknownPurposesAndUnknownCustomersAreProblems() {
		assertProblem(this.gateway.customer("alice", "hr:E-1", null), 400, "invalid-reference");
		assertProblem(this.gateway.customer("alice", "email:not-an-address", null), 400, "invalid-reference");
		assertProblem(this.gateway.customer("alice", emea, "world-domination"), 400, "unknown-purpose");
		assertProblem(this.gateway.customer("alice", "crm:ACC-999999", null), 404, "customer-not-found");
	}

	@Test
	void searchFindsEachCustomerOnceAcrossSources() {
		String lastName = RealStack.department("crm", "/accounts/" + emea.substring(4))
			.at("/primaryContact/lastName")
			.asString();
		JsonNode result = this.gateway.search("alice", "q=" + lastName + "&limit=50");
		JsonNode item = null;
		for (JsonNode candidate : result.path("items")) {
			if (candidate.path("reference").asString().equals(emea)) {
				item = candidate;
			}
		}
		assertThat(item).as(emea + " among the results for " + lastName).isNotNull();
		assertThat(item.path("linked_records")).hasSize(3);
		long sameReference = result.path("items")
			.valueStream()
			.filter((i) -> i.path("reference").asString().equals(emea))
			.count();
		assertThat(sameReference).as("de-duplicated").isEqualTo(1);
	}

	@Test
	void searchShowsARegionScopedAgentOnlyTheirRegion() {
		JsonNode result = this.gateway.search("dan", "q=an&limit=50");
		assertThat(result.path("items")).isNotEmpty();
		result.path("items").forEach((item) -> assertThat(item.at("/customer/region").asString()).isEqualTo("APAC"));
	}

	@Test
	void searchPagesWithACursor() {
		JsonNode first = this.gateway.search("alice", "q=an&limit=5");
		String cursor = first.at("/_meta/next_cursor").asString();
		assertThat(cursor).isNotBlank();
		JsonNode second = this.gateway.search("alice", "q=an&limit=5&cursor=" + cursor);
		Set<String> references = new TreeSet<>();
		first.path("items").forEach((i) -> references.add(i.path("reference").asString()));
		second.path("items").forEach((i) -> references.add(i.path("reference").asString()));
		assertThat(references).hasSize(10);
		assertProblem(this.gateway.as("alice").get().uri("/api/v1/customers?q=other&cursor=" + cursor).exchange(), 400,
				"bad-request");
	}

	@Test
	void searchNeedsExactlyOneCriterion() {
		for (String query : new String[] { "", "q=an&email=a@b.example", "q=a", "q=an&limit=0" }) {
			assertProblem(this.gateway.as("alice").get().uri("/api/v1/customers?" + query).exchange(), 400,
					"bad-request");
		}
	}

	/** The canonical fields a view discloses, as {@code section.field}. */
	private static Set<String> fields(JsonNode view) {
		Set<String> fields = new TreeSet<>();
		view.properties()
			.stream()
			.filter((section) -> !section.getKey().equals("_meta"))
			.forEach((section) -> section.getValue()
				.properties()
				.forEach((field) -> fields.add(section.getKey() + "." + field.getKey())));
		return fields;
	}

	private static Set<String> names(JsonNode object) {
		Set<String> names = new TreeSet<>();
		object.properties().forEach((p) -> names.add(p.getKey()));
		return names;
	}

	private static String email(JsonNode account) {
		return account.at("/primaryContact/email").asString().strip();
	}

	private static boolean knownEverywhere(JsonNode account) {
		if (!account.path("classification").asString().equals("standard")) {
			return false;
		}
		JsonNode requesters = RealStack.department("support", "/api/v2/requesters?email=" + encode(email(account)));
		return requesters.path("count").asInt() == 1
				&& requesters.at("/requesters/0/region").asString().equals(account.path("region").asString())
				&& marketing(email(account)) != null;
	}

	private static boolean consentsToFollowUp(String email) {
		JsonNode contact = marketing(email);
		return contact != null && contact.at("/consents/sales-followup/granted").asBoolean(false);
	}

	private static JsonNode marketing(String email) {
		JsonNode page = RealStack.department("marketing", "/contacts?limit=1&q=" + encode(email));
		return (page.path("total").asInt() > 0) ? page.at("/items/0") : null;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
