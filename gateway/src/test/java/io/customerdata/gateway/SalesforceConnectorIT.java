package io.customerdata.gateway;

import java.util.List;

import io.customerdata.gateway.testing.Dialects;
import io.customerdata.gateway.testing.RealStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRM through the Salesforce preset (OAuth client credentials, instance_url, SOQL,
 * nextRecordsUrl, child rows paged on their own, phones as typed) against the CRM
 * speaking Salesforce, compared with the CRM's native API: every demo user sees the same
 * customer, field for field.
 */
class SalesforceConnectorIT {

	static Dialects dialects;

	static JsonNode emea;

	static JsonNode apac;

	static JsonNode restricted;

	@BeforeAll
	static void start() {
		dialects = new Dialects("crm",
				List.of("preset=salesforce", "auth.token-uri=" + Dialects.saasUrl("crm") + "/services/oauth2/token",
						"auth.client-id=customer-gateway", "auth.client-secret=env:CRM_CLIENT_SECRET"));
		emea = RealStack.findAccount((a) -> a.path("region").asString().equals("EMEA")
				&& a.path("classification").asString().equals("standard") && a.path("deals").size() > 2
				&& a.path("notes").size() > 0);
		apac = RealStack.findAccount((a) -> a.path("region").asString().equals("APAC")
				&& a.path("classification").asString().equals("standard") && a.path("deals").isEmpty());
		restricted = RealStack.findAccount((a) -> a.path("classification").asString().equals("restricted"));
	}

	@AfterAll
	static void stop() {
		dialects.close();
	}

	@Test
	void everyCallerSeesTheSameCustomerAsThroughTheNativeApi() {
		for (JsonNode account : List.of(emea, apac, restricted)) {
			String byEmail = "email:" + account.at("/primaryContact/email").asString();
			Dialects.CALLERS.forEach(
					(user, purposes) -> purposes.forEach((purpose) -> dialects.assertSameView(user, byEmail, purpose)));
		}
		JsonNode alices = dialects.assertSameView("alice", "email:" + emea.at("/primaryContact/email").asString(),
				"account-management");
		assertThat(alices.at("/sales/deals")).as("more deals than a page of child rows")
			.hasSize(emea.path("deals").size());
		assertThat(alices.at("/_meta/truncated").asBoolean()).isFalse();
		assertThat(alices.at("/sales/notes/0/text").asString()).isNotBlank();
		assertThat(alices.at("/_meta/sources/crm/status").asString()).isEqualTo("ok");
		dialects.assertSameView("carol", "phone:" + emea.at("/primaryContact/phone").asString(), "support-case");
	}

	@Test
	void aSalesforceIdIsAReference() {
		JsonNode view = dialects.assertSameView("alice", "email:" + emea.at("/primaryContact/email").asString(),
				"account-management");
		String id = crmId(view);
		assertThat(id).hasSize(18).startsWith("001");
		JsonNode byId = ok(dialects.saasClient()
			.get()
			.uri("/api/v1/customers/crm:{id}", id)
			.headers((h) -> h.setBearerAuth(dialects.token("alice")))
			.exchange());
		assertThat(byId.at("/sales/account_id").asString()).isEqualTo(emea.path("accountId").asString());

		// The native id is no Salesforce Id: no match, not an error of the source.
		dialects.saasClient()
			.get()
			.uri("/api/v1/customers/crm:{id}", emea.path("accountId").asString())
			.headers((h) -> h.setBearerAuth(dialects.token("alice")))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void searchFindsTheSameCustomersThroughSoqlPages() {
		String surname = emea.at("/primaryContact/lastName").asString();
		for (String user : List.of("alice", "carol", "bob")) {
			dialects.assertSameSearch(user, "q=" + Dialects.encode(surname));
		}
		// LIKE's wildcards are the caller's text, not a search for everyone.
		assertThat(dialects.assertSameSearch("alice", "q=" + Dialects.encode("%%")).path("items")).isEmpty();
		assertThat(dialects.assertSameSearch("alice", "q=" + Dialects.encode("__")).path("items")).isEmpty();
	}

	@Test
	void thePassThroughRouteCarriesTheGatewaysSalesforceToken() {
		JsonNode view = dialects.assertSameView("alice", "email:" + emea.at("/primaryContact/email").asString(),
				"account-management");
		String id = crmId(view);
		JsonNode account = ok(dialects.saasClient()
			.get()
			.uri("/api/v1/departments/crm/services/data/v60.0/sobjects/Account/{id}", id)
			.headers((h) -> h.setBearerAuth(dialects.token("alice")))
			.exchange());
		assertThat(account.path("AccountNumber").asString()).isEqualTo(emea.path("accountId").asString());

		JsonNode asSupport = ok(dialects.saasClient()
			.get()
			.uri("/api/v1/departments/crm/services/data/v60.0/sobjects/Account/{id}", id)
			.headers((h) -> {
				h.setBearerAuth(dialects.token("carol"));
				h.set("X-Purpose", "support-case");
			})
			.exchange());
		assertThat(asSupport.has("Notes")).as("notes are sales' own").isFalse();
		assertThat(asSupport.path("AnnualRevenue").asString()).as("a revenue band").startsWith("[");

		dialects.saasClient()
			.get()
			.uri("/api/v1/departments/crm/services/data/v60.0/sobjects/Account/{id}", id)
			.headers((h) -> h.setBearerAuth(dialects.token("dan")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private static String crmId(JsonNode view) {
		return view.at("/_meta/linked_records")
			.valueStream()
			.filter((record) -> record.path("source").asString().equals("crm"))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
	}

}
