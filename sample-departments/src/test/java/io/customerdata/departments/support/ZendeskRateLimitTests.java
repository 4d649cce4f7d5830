package io.customerdata.departments.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "department.name=support", "department.dialect=saas", "department.population.size=50",
		"department.saas.requests-per-second=3" })
@AutoConfigureWebTestClient
class ZendeskRateLimitTests {

	@Autowired
	WebTestClient client;

	@Test
	void throttlesPastTheQuotaWithRetryAfter() {
		List<EntityExchangeResult<String>> results = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			results.add(this.client.get()
				.uri("/api/v2/users/search.json?query=x")
				.header("Authorization", ZendeskApiTests.BASIC)
				.exchange()
				.expectBody(String.class)
				.returnResult());
		}
		EntityExchangeResult<String> throttled = results.stream()
			.filter((r) -> r.getStatus().value() == 429)
			.findFirst()
			.orElseThrow();
		assertThat(throttled.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(throttled.getResponseHeaders().getFirst("X-Rate-Limit-Remaining")).isEqualTo("0");
		assertThat(results).filteredOn((r) -> r.getStatus().value() == 200).hasSizeLessThanOrEqualTo(6);
	}

}
