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
 * Marketing through the HubSpot preset (private-app token, GET by e-mail, POST search
 * with filter groups, string-typed properties) against marketing speaking HubSpot,
 * compared with its native API.
 */
class HubSpotConnectorIT {

	static Dialects dialects;

	static JsonNode consenting;

	static JsonNode other;

	@BeforeAll
	static void start() {
		// The preset's budget is a Starter account's (100 requests in ten seconds); the
		// imitation is a Professional one (190), which the comparison's hundreds of calls
		// use. Searches keep the preset's budget, HubSpot's five a second per account.
		dialects = new Dialects("marketing",
				List.of("preset=hubspot", "auth.token=env:MARKETING_TOKEN", "throttling.requests-per-second=18"));
		consenting = contact((c) -> c.at("/consents/sales-followup/granted").asBoolean(false)
				&& c.path("segments").size() > 0 && c.path("phone").isString());
		other = contact(
				(c) -> !c.at("/consents/sales-followup/granted").asBoolean(false) && c.path("campaigns").size() > 1);
	}

	@AfterAll
	static void stop() {
		dialects.close();
	}

	@Test
	void everyCallerSeesTheSameCustomerAsThroughTheNativeApi() {
		for (JsonNode contact : List.of(consenting, other)) {
			String byEmail = "email:" + contact.path("email").asString();
			Dialects.CALLERS.forEach(
					(user, purposes) -> purposes.forEach((purpose) -> dialects.assertSameView(user, byEmail, purpose)));
		}
		JsonNode bobs = dialects.assertSameView("bob", "email:" + consenting.path("email").asString(),
				"campaign-planning");
		assertThat(bobs.at("/marketing/lead_score").isInt()).isTrue();
		assertThat(bobs.at("/marketing/segments").isArray()).isTrue();
		assertThat(bobs.at("/customer/consent/sales-followup/granted").asBoolean()).isTrue();
		dialects.assertSameView("bob", "phone:" + consenting.path("phone").asString(), "campaign-planning");
	}

	@Test
	void searchFindsTheSameCustomers() {
		String name = consenting.path("lastName").asString();
		for (String user : List.of("bob", "alice")) {
			dialects.assertSameSearch(user, "q=" + Dialects.encode(name));
		}
	}

	@Test
	void thePassThroughRouteCarriesThePrivateAppToken() {
		JsonNode view = dialects.assertSameView("bob", "email:" + consenting.path("email").asString(),
				"campaign-planning");
		String id = view.at("/_meta/linked_records")
			.valueStream()
			.filter((record) -> record.path("source").asString().equals("marketing"))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
		JsonNode contact = ok(dialects.saasClient()
			.get()
			.uri("/api/v1/departments/marketing/crm/v3/objects/contacts/{id}?properties=email,hubspotscore", id)
			.headers((h) -> h.setBearerAuth(dialects.token("bob")))
			.exchange());
		assertThat(contact.at("/properties/email").asString())
			.isEqualToIgnoringCase(consenting.path("email").asString());
	}

	private static JsonNode contact(java.util.function.Predicate<JsonNode> wanted) {
		for (int offset = 0; offset < 2000; offset += 200) {
			for (JsonNode contact : RealStack.department("marketing", "/contacts?limit=200&offset=" + offset)
				.path("items")) {
				if (wanted.test(contact)) {
					return contact;
				}
			}
		}
		throw new IllegalStateException("no suitable test contact in the sample data");
	}

}
