package io.customerdata.gateway.sources.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.FederationProperties.EndpointBudget;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An endpoint budget (HubSpot's search: a few a second per account, no rate-limit
 * headers): spent in addition to the source's, paused on its own, and shared by the
 * sources that name one account.
 */
class EndpointBudgetTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	final ScriptedServer server = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aThrottledSearchPausesSearchesOnlyForItsOwnDefaultPause() {
		this.server.script(
				(request) -> request.pathAndQuery().startsWith("/crm/v3/objects/contacts/search") ? Reply.status(429)
						: Reply.json("{\"results\":[{\"id\":1}]}")
							.with("X-HubSpot-RateLimit-Remaining", "90")
							.with("X-HubSpot-RateLimit-Interval-Milliseconds", "10000"));
		SourceClient client = clients(Map.of("marketing", search(0, null, Duration.ZERO, Duration.ofSeconds(2))))
			.get("marketing")
			.orElseThrow();

		assertThatThrownBy(() -> fetch(client, "POST", "/crm/v3/objects/contacts/search").block())
			.isInstanceOf(SourceErrors.RateLimited.class);
		assertThat(fetch(client, "GET", "/crm/v3/objects/contacts/1").block()).as("other endpoints go on").hasSize(1);
		assertThatThrownBy(() -> fetch(client, "POST", "/crm/v3/objects/contacts/search").block())
			.isInstanceOf(SourceErrors.RateLimited.class);
		assertThat(this.server.requests()).as("the paused search never left").hasSize(2);

		this.clock.advance(Duration.ofMillis(2100));
		this.server.script((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
		assertThat(fetch(client, "POST", "/crm/v3/objects/contacts/search").block())
			.as("paused for the budget's own pause, not the ten seconds other answers name")
			.hasSize(1);
	}

	@Test
	void sourcesOnOneAccountShareItsSearchBudgetAtTheStrictestRate() {
		Map<String, EndpointBudget> budgets = new LinkedHashMap<>();
		budgets.put("marketing", search(10, "portal-1", Duration.ofMillis(900), Duration.ofSeconds(1)));
		budgets.put("marketing-eu", search(3, "portal-1", Duration.ofSeconds(1), Duration.ofSeconds(1)));
		SourceClients clients = clients(budgets);

		List<String> outcomes = Flux.range(0, 20)
			.flatMap((i) -> fetch(clients.get((i % 2 == 0) ? "marketing" : "marketing-eu").orElseThrow(), "POST",
					"/crm/v3/objects/contacts/search")
				.map((records) -> "ok")
				.onErrorResume(SourceErrors.RateLimited.class, (ex) -> Mono.just("rate-limited")), 20)
			.collectList()
			.block();

		assertThat(this.server.requests())
			.as("three a second: at most one at once and one a third of a second within 900 ms (ten a second: ten)")
			.hasSizeBetween(2, 4);
		assertThat(outcomes).filteredOn("ok"::equals).hasSize(this.server.requests().size());
	}

	@Test
	void aThrottledSearchOnOneAccountPausesEverySourceOnIt() {
		Map<String, EndpointBudget> budgets = new LinkedHashMap<>();
		budgets.put("marketing", search(0, "portal-1", Duration.ZERO, Duration.ofSeconds(1)));
		budgets.put("marketing-eu", search(0, "portal-1", Duration.ZERO, Duration.ofSeconds(1)));
		budgets.put("marketing-us", search(0, "portal-2", Duration.ZERO, Duration.ofSeconds(1)));
		SourceClients clients = clients(budgets);
		this.server.script((request) -> Reply.status(429));

		assertThatThrownBy(
				() -> fetch(clients.get("marketing").orElseThrow(), "POST", "/crm/v3/objects/contacts/search?after=1")
					.block())
			.isInstanceOf(SourceErrors.RateLimited.class);
		assertThatThrownBy(
				() -> fetch(clients.get("marketing-eu").orElseThrow(), "POST", "/crm/v3/objects/companies/search")
					.block())
			.isInstanceOf(SourceErrors.RateLimited.class);
		assertThat(this.server.requests()).as("the second never left").hasSize(1);

		this.server.script((request) -> Reply.json("{\"results\":[]}"));
		assertThat(fetch(clients.get("marketing-us").orElseThrow(), "POST", "/crm/v3/objects/contacts/search").block())
			.as("another account goes on")
			.isEmpty();
	}

	@Test
	void withoutASharedNameEachSourceHasItsOwn() {
		Map<String, EndpointBudget> budgets = new LinkedHashMap<>();
		budgets.put("marketing", search(0.5, null, Duration.ZERO, Duration.ofSeconds(1)));
		budgets.put("marketing-eu", search(0.5, null, Duration.ZERO, Duration.ofSeconds(1)));
		SourceClients clients = clients(budgets);

		Flux.range(0, 12)
			.flatMap((i) -> fetch(clients.get((i % 2 == 0) ? "marketing" : "marketing-eu").orElseThrow(), "POST",
					"/crm/v3/objects/contacts/search")
				.onErrorResume(SourceErrors.RateLimited.class, (ex) -> Mono.just(List.of())), 12)
			.blockLast();

		assertThat(this.server.requests()).as("one at once for each (one budget: one in all)").hasSize(2);
	}

	private static EndpointBudget search(double requestsPerSecond, @Nullable String sharedAs, Duration maxWait,
			Duration pause) {
		return new EndpointBudget(List.of("/crm/v3/objects/{object}/search"), requestsPerSecond, sharedAs, maxWait,
				pause);
	}

	private SourceClients clients(Map<String, EndpointBudget> searchBudgets) {
		Map<String, FederationProperties.Source> sources = new LinkedHashMap<>();
		searchBudgets.forEach((id, budget) -> sources.put(id,
				Sources.source(this.server.baseUrl(), SourceAuth.NONE, new FederationProperties.Throttling(0, 0,
						Duration.ZERO, Duration.ofSeconds(1), Map.of("search", budget)))));
		return new SourceClients(new FederationProperties(sources), WebClient.builder(), this.clock,
				new SimpleMeterRegistry());
	}

	private static Mono<List<JsonNode>> fetch(SourceClient client, String method, String path) {
		return client
			.fetch(new RequestTemplate(method, path, null, Map.of()), FederationProperties.Pagination.NONE,
					FederationProperties.ChildPages.NONE, Map.of(), Sources::results, false)
			.map(SourceClient.Fetched::records);
	}

}
