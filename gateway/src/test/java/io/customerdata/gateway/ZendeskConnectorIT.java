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
 * Support through the Zendesk preset (OAuth client credentials with a JSON token request,
 * users/search.json, requested tickets paged by next_page) against support speaking
 * Zendesk, compared with its native API; and the same with an API token.
 */
class ZendeskConnectorIT {

	static Dialects oauth2;

	static Dialects apiToken;

	static JsonNode emea;

	static JsonNode apac;

	@BeforeAll
	static void start() {
		// The imitation is on the Professional plan (400 requests a minute), which the
		// comparison's hundreds of calls need; the preset's default is Team's 200.
		oauth2 = new Dialects("support",
				List.of("preset=zendesk", "settings.plan=professional",
						"auth.token-uri=" + Dialects.saasUrl("support") + "/oauth/tokens",
						"auth.client-id=customer-gateway", "auth.client-secret=env:SUPPORT_CLIENT_SECRET"));
		apiToken = new Dialects("support", List.of("preset=zendesk", "auth.type=basic",
				"auth.username=gateway@example.com/token", "auth.password=env:SUPPORT_API_TOKEN"));
		emea = RealStack.findRequester((r) -> r.path("region").asString().equals("EMEA") && r.path("phone").isString()
				&& r.at("/csat/responses").asInt() > 0 && tickets(r) > 1);
		apac = RealStack.findRequester((r) -> r.path("region").asString().equals("APAC"));
	}

	@AfterAll
	static void stop() {
		apiToken.close();
		oauth2.close();
	}

	@Test
	void everyCallerSeesTheSameCustomerAsThroughTheNativeApi() {
		for (JsonNode requester : List.of(emea, apac)) {
			String byEmail = "email:" + requester.path("email").asString();
			Dialects.CALLERS.forEach(
					(user, purposes) -> purposes.forEach((purpose) -> oauth2.assertSameView(user, byEmail, purpose)));
		}
		JsonNode carols = oauth2.assertSameView("carol", "email:" + emea.path("email").asString(), "support-case");
		assertThat(carols.at("/support/tickets")).hasSize(tickets(emea));
		assertThat(carols.at("/support/csat/responses").asInt()).isPositive();
		oauth2.assertSameView("carol", "support:" + emea.path("id").asLong(), "support-case");
	}

	@Test
	void searchFindsTheSameCustomers() {
		String name = emea.path("name").asString().split(" ")[1];
		for (String user : List.of("carol", "dan", "alice")) {
			oauth2.assertSameSearch(user, "q=" + Dialects.encode(name));
		}
	}

	@Test
	void anApiTokenInBasicWorksAsWell() {
		JsonNode view = apiToken.assertSameView("carol", "email:" + emea.path("email").asString(), "support-case");
		assertThat(view.at("/_meta/sources/support/status").asString()).isEqualTo("ok");
	}

	@Test
	void thePassThroughRouteCarriesTheTokenAndDecidesAWrappedRecord() {
		JsonNode user = ok(oauth2.saasClient()
			.get()
			.uri("/api/v1/departments/support/api/v2/users/{id}.json", emea.path("id").asLong())
			.headers((h) -> h.setBearerAuth(oauth2.token("carol")))
			.exchange());
		assertThat(user.at("/user/email").asString()).isEqualTo(emea.path("email").asString());

		oauth2.saasClient()
			.get()
			.uri("/api/v1/departments/support/api/v2/users/{id}.json", emea.path("id").asLong())
			.headers((h) -> h.setBearerAuth(oauth2.token("dan")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private static int tickets(JsonNode requester) {
		return RealStack.department("support", "/api/v2/requesters/" + requester.path("id").asLong() + "/tickets")
			.path("tickets")
			.size();
	}

}
