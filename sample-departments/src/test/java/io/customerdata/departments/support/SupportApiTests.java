package io.customerdata.departments.support;

import io.customerdata.departments.population.Person;
import io.customerdata.departments.population.Population;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(properties = { "department.name=support", "department.population.size=300" })
@AutoConfigureWebTestClient
class SupportApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Population population;

	@Autowired
	HelpDesk helpDesk;

	@Test
	void nationalPhonesAreFoundByTheirInternationalForm() {
		Requester requester = this.helpDesk.search("")
			.stream()
			.filter((r) -> r.phone() != null)
			.findFirst()
			.orElseThrow();
		Person person = this.population.people().get((int) (requester.id() - 310_000));
		this.client.get()
			.uri("/api/v2/requesters?phone={p}", person.phone())
			.exchange()
			.expectBody()
			.jsonPath("$.requesters[*].id")
			.value((ids) -> org.assertj.core.api.Assertions.assertThat(ids.toString())
				.contains(String.valueOf(requester.id())));
	}

	@Test
	void searchLinksToTheNextPage() {
		this.client.get()
			.uri("/api/v2/requesters/search?per_page=2")
			.exchange()
			.expectBody()
			.jsonPath("$.requesters.length()")
			.isEqualTo(2)
			.jsonPath("$.next_page")
			.value((next) -> org.assertj.core.api.Assertions.assertThat((String) next).contains("page=2&per_page=2"));
	}

	@Test
	void opensATicketForAKnownRequester() {
		long id = this.helpDesk.search("").getFirst().id();
		this.client.post()
			.uri("/api/v2/tickets")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"requesterId\":" + id
					+ ",\"subject\":\"Help\",\"description\":\"Broken\",\"priority\":\"high\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		this.client.get()
			.uri("/api/v2/requesters/{id}/tickets", id)
			.exchange()
			.expectBody()
			.jsonPath("$.tickets[-1:].subject")
			.isEqualTo("Help");
	}

}
