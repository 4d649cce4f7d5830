package io.customerdata.gateway.sources.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Vendors' throttling signals make a source rate-limited and pause it (the pause held by
 * a controllable clock), and the gateway's own budget keeps a burst within the vendor's
 * quota.
 */
class SourceThrottlingTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	ScriptedServer server;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void a429PausesTheSourceForItsRetryAfter() {
		this.server = new ScriptedServer((request) -> Reply.status(429).with("Retry-After", "30"));
		SourceClient client = client(FederationProperties.Throttling.UNLIMITED);

		assertRateLimited(client);
		this.server.script((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
		this.clock.advance(Duration.ofSeconds(29));
		assertRateLimited(client);
		assertThat(this.server.requests()).as("paused calls never leave").hasSize(1);

		this.clock.advance(Duration.ofSeconds(2));
		assertThat(fetch(client).block()).hasSize(1);
	}

	@Test
	void salesforcesRequestLimitExceededIsThrottlingAndOther403sAreNot() {
		this.server = new ScriptedServer((request) -> new Reply(403, Map.of(),
				"[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]", 0));
		SourceClient client = client(FederationProperties.Throttling.UNLIMITED);
		assertRateLimited(client);

		this.clock.advance(Duration.ofMinutes(5));
		this.server.script((request) -> new Reply(403, Map.of(),
				"[{\"message\":\"insufficient access\",\"errorCode\":\"INSUFFICIENT_ACCESS\"}]", 0));
		assertThatThrownBy(() -> fetch(client).block()).isInstanceOf(SourceErrors.Rejected.class)
			.hasMessage("source answered 403");
	}

	@Test
	void anExhaustedQuotaOnASuccessfulAnswerPausesTheNextCalls() {
		for (Map<String, String> exhausted : List.of(
				Map.of("X-HubSpot-RateLimit-Remaining", "0", "X-HubSpot-RateLimit-Interval-Milliseconds", "10000"),
				Map.of("X-Rate-Limit-Remaining", "0"), Map.of("Sforce-Limit-Info", "api-usage=15000/15000"))) {
			this.server = new ScriptedServer((request) -> new Reply(200, exhausted, "{\"results\":[{\"id\":1}]}", 0));
			SourceClient client = client(FederationProperties.Throttling.UNLIMITED);

			assertThat(fetch(client).block()).as("the answer itself counts").hasSize(1);
			assertRateLimited(client);
			assertThat(this.server.requests()).as(exhausted.toString()).hasSize(1);
			this.clock.advance(Duration.ofSeconds(11));
			assertThat(fetch(client).block()).hasSize(1);
			this.server.close();
		}
		this.server = new ScriptedServer((request) -> Reply.json("{\"results\":[]}")
			.with("X-HubSpot-RateLimit-Remaining", "12")
			.with("Sforce-Limit-Info", "api-usage=12/15000"));
		SourceClient client = client(FederationProperties.Throttling.UNLIMITED);
		fetch(client).block();
		fetch(client).block();
		assertThat(this.server.requests()).as("quota left: no pause").hasSize(2);
	}

	@Test
	void aBurstSendsNoMoreThanTheRateBudget() {
		this.server = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
		SourceClient client = client(
				new FederationProperties.Throttling(4, 0, Duration.ZERO, Duration.ofSeconds(1), Map.of()));

		List<String> outcomes = Flux.range(0, 40)
			.flatMap((i) -> fetch(client).map((records) -> "ok")
				.onErrorResume(SourceErrors.RateLimited.class, (ex) -> Mono.just("rate-limited")), 40)
			.collectList()
			.block();

		assertThat(this.server.requests()).hasSizeLessThanOrEqualTo(4);
		assertThat(outcomes).filteredOn("ok"::equals).hasSize(this.server.requests().size());
		assertThat(outcomes).filteredOn("rate-limited"::equals).hasSizeGreaterThanOrEqualTo(36);
	}

	@Test
	void noMoreRequestsInFlightThanTheConcurrencyBudget() {
		this.server = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}").after(300));
		SourceClient client = client(
				new FederationProperties.Throttling(0, 2, Duration.ZERO, Duration.ofSeconds(1), Map.of()));

		List<String> outcomes = Flux.range(0, 10)
			.flatMap((i) -> fetch(client).map((records) -> "ok")
				.onErrorResume(SourceErrors.RateLimited.class, (ex) -> Mono.just("rate-limited")), 10)
			.collectList()
			.block();

		assertThat(this.server.mostInFlight()).isLessThanOrEqualTo(2);
		assertThat(outcomes).contains("ok", "rate-limited");
	}

	private SourceClient client(FederationProperties.Throttling throttling) {
		return Sources.client(this.server.baseUrl(), SourceAuth.NONE, throttling, this.clock);
	}

	private void assertRateLimited(SourceClient client) {
		assertThatThrownBy(() -> fetch(client).block()).isInstanceOf(SourceErrors.RateLimited.class);
	}

	private static Mono<List<JsonNode>> fetch(SourceClient client) {
		return client
			.fetch(new RequestTemplate("GET", "/records", null, Map.of()), FederationProperties.Pagination.NONE,
					FederationProperties.ChildPages.NONE, Map.of(), Sources::results, false)
			.map(SourceClient.Fetched::records);
	}

}
