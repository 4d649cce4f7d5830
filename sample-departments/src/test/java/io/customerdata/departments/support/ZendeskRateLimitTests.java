package io.customerdata.departments.support;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan's requests a minute (Team: 200), reported in Zendesk's headers; past it a 429
 * that says how long to wait.
 */
@SpringBootTest(properties = { "department.name=support", "department.dialect=saas", "department.population.size=50",
		"department.saas.zendesk.plan=team" })
@AutoConfigureWebTestClient
class ZendeskRateLimitTests {

	@Autowired
	WebTestClient client;

	@Test
	void throttlesPastThePlansLimitWithRetryAfter() {
		EntityExchangeResult<String> first = request();
		assertThat(first.getResponseHeaders().getFirst("X-Rate-Limit")).isEqualTo("200");
		assertThat(first.getResponseHeaders().getFirst("ratelimit-limit")).isEqualTo("200");
		assertThat(first.getResponseHeaders().getFirst("ratelimit-remaining")).isEqualTo("199");
		int allowed = 1;
		EntityExchangeResult<String> last = first;
		while (allowed <= 200 && (last = request()).getStatus().value() == 200) {
			allowed++;
		}
		assertThat(allowed).isEqualTo(200);
		assertThat(last.getStatus().value()).isEqualTo(429);
		assertThat(last.getResponseBody()).contains("APIRateLimitExceeded");
		assertThat(last.getResponseHeaders().getFirst("X-Rate-Limit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(last.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
		assertThat(last.getResponseHeaders().getFirst("ratelimit-reset"))
			.isEqualTo(last.getResponseHeaders().getFirst("Retry-After"));
	}

	private EntityExchangeResult<String> request() {
		return this.client.get()
			.uri("/api/v2/users/search.json?query=x")
			.header("Authorization", ZendeskApiTests.BASIC)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}
