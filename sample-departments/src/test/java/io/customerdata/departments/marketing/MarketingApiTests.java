package io.customerdata.departments.marketing;

import io.customerdata.departments.population.Population;
import io.customerdata.departments.population.Person;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(properties = { "department.name=marketing", "department.population.size=300" })
@AutoConfigureWebTestClient
class MarketingApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Population population;

	@Test
	void contactsAreKeyedByEmailWhateverItsSpelling() {
		Person person = this.population.people()
			.stream()
			.filter((p) -> p.presence().marketing())
			.findFirst()
			.orElseThrow();
		this.client.get()
			.uri("/contacts/{email}", person.email().toUpperCase())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.leadId")
			.isEqualTo(String.format("L-%08d", 7_000_000 + person.index()))
			.jsonPath("$.consents['sales-followup'].granted")
			.isEqualTo(person.consents().get("sales-followup"));
	}

	@Test
	void customerOnlyKnownElsewhereIsNotFound() {
		Person person = this.population.people()
			.stream()
			.filter((p) -> !p.presence().marketing())
			.findFirst()
			.orElseThrow();
		this.client.get().uri("/contacts/{email}", person.email()).exchange().expectStatus().isNotFound();
	}

	@Test
	void pagesWithOffsetAndLimit() {
		this.client.get()
			.uri("/contacts?offset=10&limit=5")
			.exchange()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(5)
			.jsonPath("$.offset")
			.isEqualTo(10);
		this.client.get().uri("/contacts?limit=500").exchange().expectStatus().isBadRequest();
	}

}
