package io.customerdata.departments.marketing;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "department.name=marketing", "department.dialect=saas", "department.population.size=300",
		"department.saas.hubspot.burst-limit=1000", "department.saas.hubspot.search-per-second=1000" })
@AutoConfigureWebTestClient
class HubSpotApiTests {

	static final String TOKEN = "Bearer demo-only-api-token";

	@Autowired
	WebTestClient client;

	@Autowired
	MarketingContacts contacts;

	@Test
	void refusesCallsWithoutThePrivateAppToken() {
		this.client.get()
			.uri("/crm/v3/objects/contacts/1")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.category")
			.isEqualTo("INVALID_AUTHENTICATION");
	}

	@Test
	void givesAContactByEmailWithStringPropertiesAndTheRateHeaders() {
		MarketingContact contact = this.contacts.search("").get(0);
		this.client.get()
			.uri("/crm/v3/objects/contacts/{email}?idProperty=email&properties=email,hubspot_score,segments",
					contact.email().toUpperCase())
			.header("Authorization", TOKEN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-HubSpot-RateLimit-Remaining")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(HubSpotRecords.id(contact))
			.jsonPath("$.properties.hubspot_score")
			.isEqualTo(String.valueOf(contact.leadScore()))
			.jsonPath("$.properties.firstname")
			.doesNotExist();
	}

	@Test
	void searchesWithFilterGroupsAndPagesWithAfter() {
		String body = """
				{"filterGroups": [{"filters": [{"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*.example"}]}],
				 "properties": ["email"], "limit": 5}""";
		JsonNode first = search(body);
		assertThat(first.path("results")).hasSize(5);
		assertThat(first.at("/paging/next/after").asString()).isEqualTo("5");
		JsonNode second = search(body.replace("\"limit\": 5", "\"limit\": 5, \"after\": \"5\""));
		assertThat(second.path("results").get(0).path("id")).isNotEqualTo(first.path("results").get(0).path("id"));

		this.client.post()
			.uri("/crm/v3/objects/contacts/search")
			.header("Authorization", TOKEN)
			.header("Content-Type", "application/json")
			.bodyValue("{\"filterGroups\": [" + "{\"filters\": []},".repeat(5) + "{\"filters\": []}]}")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	private JsonNode search(String body) {
		return search(this.client, body);
	}

	/** A search answered 200, its body. */
	static JsonNode search(WebTestClient client, String body) {
		return client.post()
			.uri("/crm/v3/objects/contacts/search")
			.header("Authorization", TOKEN)
			.header("Content-Type", "application/json")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
