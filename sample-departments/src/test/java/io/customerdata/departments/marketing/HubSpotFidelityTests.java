package io.customerdata.departments.marketing;

import java.util.List;

import io.customerdata.departments.population.PhoneNumbers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Marketing as HubSpot does what HubSpot documents, unkind parts included: phones as
 * typed, a search that compares the stored text, the calculated phone property that makes
 * a phone findable, and two lead scores of which only one is current.
 */
@SpringBootTest(properties = { "department.name=marketing", "department.dialect=saas", "department.population.size=300",
		"department.saas.hubspot.search-per-second=1000" })
@AutoConfigureWebTestClient
class HubSpotFidelityTests {

	@Autowired
	WebTestClient client;

	@Autowired
	MarketingContacts contacts;

	@Test
	void storesPhonesAsTypedInSeveralNotations() {
		List<String> phones = withPhones().stream()
			.map((c) -> HubSpotRecords.properties(c).get("phone"))
			.limit(30)
			.toList();
		assertThat(phones).anyMatch((p) -> p.matches("\\+\\d+"))
			.anyMatch((p) -> p.startsWith("+") && p.contains(" "))
			.anyMatch((p) -> !p.startsWith("+"));
	}

	@Test
	void phoneSearchMatchesOnlyTheStoredTextOrTheCalculatedDigits() {
		MarketingContact contact = withPhones().stream()
			.filter((c) -> !HubSpotRecords.properties(c).get("phone").startsWith("+"))
			.findFirst()
			.orElseThrow();
		String stored = HubSpotRecords.properties(contact).get("phone");
		String e164 = PhoneNumbers.lookupKey(contact.phone(), "ZZ");

		assertThat(ids(search("phone", e164))).as("E.164 is not what was typed").isEmpty();
		assertThat(ids(search("phone", stored))).contains(HubSpotRecords.id(contact));
		String digits = PhoneNumbers.withoutCountryCode(contact.phone(), "ZZ");
		JsonNode calculated = search("hs_searchable_calculated_phone_number", digits);
		assertThat(ids(calculated)).contains(HubSpotRecords.id(contact));
		assertThat(calculated.at("/results/0/properties/hs_calculated_phone_number").asString()).isEqualTo(e164);
	}

	@Test
	void carriesTheCurrentAndTheLegacyScoreWithDifferentValues() {
		MarketingContact contact = this.contacts.search("").get(0);
		this.client.get()
			.uri("/crm/v3/objects/contacts/{id}?properties=hubspot_score,hubspotscore", HubSpotRecords.id(contact))
			.header("Authorization", HubSpotApiTests.TOKEN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.properties.hubspot_score")
			.isEqualTo(String.valueOf(contact.leadScore()))
			.jsonPath("$.properties.hubspotscore")
			.value((legacy) -> assertThat(legacy).isNotEqualTo(String.valueOf(contact.leadScore())));
	}

	private List<MarketingContact> withPhones() {
		return this.contacts.search("").stream().filter((c) -> c.phone() != null).toList();
	}

	private JsonNode search(String property, String value) {
		String body = """
				{"filterGroups": [{"filters": [{"propertyName": "%s", "operator": "EQ", "value": "%s"}]}],
				 "properties": ["phone", "hs_calculated_phone_number"], "limit": 100}""".formatted(property, value);
		return HubSpotApiTests.search(this.client, body);
	}

	private static List<String> ids(JsonNode answer) {
		return answer.path("results").valueStream().map((r) -> r.path("id").asString()).toList();
	}

}
