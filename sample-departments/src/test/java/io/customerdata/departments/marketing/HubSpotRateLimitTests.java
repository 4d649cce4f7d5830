package io.customerdata.departments.marketing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HubSpot's two limits: search's few a second per account, with no rate-limit headers on
 * its answers, 429 included; and the burst limit over ten seconds of every other
 * endpoint, reported in the headers.
 */
@SpringBootTest(properties = { "department.name=marketing", "department.dialect=saas", "department.population.size=50",
		"department.saas.hubspot.burst-limit=4" })
@AutoConfigureWebTestClient
class HubSpotRateLimitTests {

	@Autowired
	WebTestClient client;

	@Test
	void searchIsLimitedOnItsOwnAndSaysNothingInHeaders() {
		List<EntityExchangeResult<String>> results = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			results.add(this.client.post()
				.uri("/crm/v3/objects/contacts/search")
				.header("Authorization", HubSpotApiTests.TOKEN)
				.header("Content-Type", "application/json")
				.bodyValue("{\"query\": \"a\", \"limit\": 1}")
				.exchange()
				.expectBody(String.class)
				.returnResult());
		}
		EntityExchangeResult<String> throttled = results.stream()
			.filter((r) -> r.getStatus().value() == 429)
			.findFirst()
			.orElseThrow();
		assertThat(throttled.getResponseBody()).contains("\"errorType\":\"RATE_LIMIT\"")
			.contains("\"policyName\":\"SECONDLY\"");
		assertThat(results).allSatisfy((r) -> assertThat(r.getResponseHeaders().headerNames())
			.noneMatch((name) -> name.toLowerCase().startsWith("x-hubspot-ratelimit")));
		assertThat(results).filteredOn((r) -> r.getStatus().value() == 200).hasSizeGreaterThanOrEqualTo(5);
	}

	@Test
	void otherEndpointsCountTowardsTheBurstLimitAndReportIt() {
		List<EntityExchangeResult<String>> results = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			results.add(this.client.get()
				.uri("/crm/v3/objects/contacts/1")
				.header("Authorization", HubSpotApiTests.TOKEN)
				.exchange()
				.expectBody(String.class)
				.returnResult());
		}
		assertThat(results).filteredOn((r) -> r.getStatus().value() != 429).hasSize(4);
		EntityExchangeResult<String> throttled = results.get(5);
		assertThat(throttled.getStatus().value()).isEqualTo(429);
		assertThat(throttled.getResponseHeaders().getFirst("X-HubSpot-RateLimit-Max")).isEqualTo("4");
		assertThat(throttled.getResponseHeaders().getFirst("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
		assertThat(throttled.getResponseHeaders().getFirst("X-HubSpot-RateLimit-Interval-Milliseconds"))
			.isEqualTo("10000");
		assertThat(throttled.getResponseBody()).contains("TEN_SECONDLY_ROLLING");
	}

}
