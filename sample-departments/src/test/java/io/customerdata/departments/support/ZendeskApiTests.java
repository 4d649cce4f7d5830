package io.customerdata.departments.support;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "department.name=support", "department.dialect=saas", "department.population.size=300",
				"management.server.port=0" })
@AutoConfigureWebTestClient
class ZendeskApiTests {

	static final String BASIC = "Basic "
			+ Base64.getEncoder().encodeToString("gateway@example.com/token:demo-only-api-token".getBytes());

	@Autowired
	WebTestClient client;

	@Autowired
	HelpDesk helpDesk;

	@Test
	void acceptsTheApiTokenOrAnOAuthTokenAndNothingElse() {
		Requester requester = this.helpDesk.search("").get(0);
		JsonNode token = this.client.post()
			.uri("/oauth/tokens")
			.header("Content-Type", "application/json")
			.bodyValue("{\"grant_type\": \"client_credentials\", \"client_id\": \"customer-gateway\","
					+ " \"client_secret\": \"demo-only-client-secret\", \"scope\": \"read\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(token.path("expires_in").asInt()).isEqualTo(1800);
		assertThat(token.has("refresh_token")).isFalse();

		for (String authorization : new String[] { BASIC, "Bearer " + token.path("access_token").asString() }) {
			this.client.get()
				.uri("/api/v2/users/{id}.json", requester.id())
				.header("Authorization", authorization)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.user.email")
				.isEqualTo(requester.email());
		}
		this.client.get()
			.uri("/api/v2/users/{id}.json", requester.id())
			.header("Authorization", "Bearer made-up")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void searchesUsersByEmailAndPagesTicketsWithAbsoluteNextPages() {
		Requester requester = this.helpDesk.search("")
			.stream()
			.filter((r) -> this.helpDesk.ticketsOf(r.id()).size() >= 2)
			.findFirst()
			.orElseThrow();
		this.client.get()
			.uri("/api/v2/users/search.json?query={q}", "email:\"" + requester.email().toUpperCase() + "\"")
			.header("Authorization", BASIC)
			.exchange()
			.expectBody()
			.jsonPath("$.users[0].id")
			.isEqualTo(requester.id())
			.jsonPath("$.count")
			.isEqualTo(1);
		JsonNode page = this.client.get()
			.uri("/api/v2/users/{id}/tickets/requested.json?per_page=1", requester.id())
			.header("Authorization", BASIC)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(page.path("tickets")).hasSize(1);
		assertThat(page.path("next_page").asString()).startsWith("http://")
			.endsWith("/api/v2/users/" + requester.id() + "/tickets/requested.json?page=2&per_page=1");
	}

	@Test
	void listsEndUsersAPageAtATime() {
		Requester first = this.helpDesk.search("").get(0);
		this.client.get()
			.uri("/api/v2/users.json?role=end-user&per_page=1")
			.header("Authorization", BASIC)
			.exchange()
			.expectBody()
			.jsonPath("$.users.length()")
			.isEqualTo(1)
			.jsonPath("$.users[0].id")
			.isEqualTo(first.id())
			.jsonPath("$.next_page")
			.value(String.class,
					(next) -> assertThat(next).endsWith("/api/v2/users.json?role=end-user&page=2&per_page=1"));
		this.client.get()
			.uri("/api/v2/users.json?role=agent")
			.header("Authorization", BASIC)
			.exchange()
			.expectBody()
			.jsonPath("$.count")
			.isEqualTo(0);
	}

}
