package io.customerdata.departments.support;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Support as Zendesk does what Zendesk documents, unkind parts included: a user search
 * that returns partial matches, new users found by search only once indexed, and tickets
 * on hold.
 */
@SpringBootTest(properties = { "department.name=support", "department.dialect=saas", "department.population.size=300",
		"department.saas.zendesk.indexing-delay=1s" })
@AutoConfigureWebTestClient
class ZendeskFidelityTests {

	@Autowired
	WebTestClient client;

	@Autowired
	HelpDesk helpDesk;

	@Test
	void anEmailSearchReturnsEveryAddressThatStartsSo() {
		Requester requester = this.helpDesk.search("").get(0);
		String prefix = requester.email().strip().substring(0, 2);
		List<String> emails = users("email:" + prefix).stream().map((u) -> u.path("email").asString()).toList();

		assertThat(emails).contains(requester.email()).hasSizeGreaterThan(1);
		assertThat(emails).allSatisfy((email) -> assertThat(email.strip()).startsWithIgnoringCase(prefix));
	}

	@Test
	void aNewUserIsReadByIdAtOnceAndFoundBySearchOnlyOnceIndexed() {
		JsonNode created = this.client.post()
			.uri("/api/v2/users.json")
			.header("Authorization", ZendeskApiTests.BASIC)
			.header("Content-Type", "application/json")
			.bodyValue("{\"user\": {\"name\": \"Nova Newcomer\", \"email\": \"nova.newcomer@example.org\"}}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		long id = created.at("/user/id").asLong();
		assertThat(created.at("/user/user_fields/region").isNull()).as("custom fields are the admin's to fill")
			.isTrue();

		this.client.get()
			.uri("/api/v2/users/{id}.json", id)
			.header("Authorization", ZendeskApiTests.BASIC)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(users("email:nova.newcomer@example.org")).isEmpty();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(users("email:nova.newcomer@example.org")).hasSize(1));

		this.client.post()
			.uri("/api/v2/users.json")
			.header("Authorization", ZendeskApiTests.BASIC)
			.header("Content-Type", "application/json")
			.bodyValue("{\"user\": {\"name\": \"Nova Again\", \"email\": \"NOVA.newcomer@example.org\"}}")
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("RecordInvalid")
			.jsonPath("$.details.email[0].error")
			.isEqualTo("DuplicateValue");
	}

	@Test
	void someTicketsAreOnHold() {
		Requester onHold = this.helpDesk.search("")
			.stream()
			.filter((r) -> this.helpDesk.ticketsOf(r.id()).stream().anyMatch((t) -> t.status().equals("hold")))
			.findFirst()
			.orElseThrow();
		this.client.get()
			.uri("/api/v2/users/{id}/tickets/requested.json", onHold.id())
			.header("Authorization", ZendeskApiTests.BASIC)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tickets[?(@.status == 'hold')]")
			.exists();
	}

	private List<JsonNode> users(String query) {
		JsonNode answer = this.client.get()
			.uri("/api/v2/users/search.json?query={q}", query)
			.header("Authorization", ZendeskApiTests.BASIC)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return answer.path("users").valueStream().toList();
	}

}
