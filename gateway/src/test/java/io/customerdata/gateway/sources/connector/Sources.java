package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.sources.SourcePassThrough;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

/** Source configurations and clients for the connector tests, as YAML would bind them. */
final class Sources {

	private Sources() {
	}

	static FederationProperties.Source source(String baseUrl, SourceAuth auth,
			FederationProperties.Throttling throttling) {
		return new FederationProperties.Source(null, URI.create(baseUrl), "sales", Duration.ofSeconds(1),
				Duration.ofSeconds(5), Map.of(), null, Map.of(), List.of(),
				new FederationProperties.Resilience(32, 50, 20, 10, Duration.ofSeconds(10), Duration.ofMillis(10)),
				auth, throttling, SourcePassThrough.NONE);
	}

	static SourceClient client(String baseUrl, SourceAuth auth, Clock clock) {
		return client(baseUrl, auth, FederationProperties.Throttling.UNLIMITED, clock);
	}

	static SourceClient client(String baseUrl, SourceAuth auth, FederationProperties.Throttling throttling,
			Clock clock) {
		return client(baseUrl, auth, throttling, clock, new SimpleMeterRegistry());
	}

	static SourceClient client(String baseUrl, SourceAuth auth, FederationProperties.Throttling throttling, Clock clock,
			MeterRegistry meters) {
		return new SourceClient("test", source(baseUrl, auth, throttling), WebClient.builder(), clock, meters);
	}

	static SourceAuth oauth2(String tokenUri, String secretReference, Duration defaultLifetime, String baseUrlFrom) {
		return new SourceAuth(SourceAuth.AuthType.OAUTH2_CLIENT_CREDENTIALS, null, null, null, URI.create(tokenUri),
				"gateway", secretReference, List.of("api"), Map.of(), SourceAuth.TokenRequestFormat.FORM,
				SourceAuth.ClientAuthentication.POST, defaultLifetime, Duration.ofMinutes(1), baseUrlFrom, null, null,
				null, null, Duration.ofMinutes(3));
	}

	static FederationProperties.Pagination pages(FederationProperties.PaginationStyle style, String next,
			String hasMore, int maxPages, int maxResults) {
		return new FederationProperties.Pagination(style, next, hasMore, "after", maxPages, maxResults);
	}

	/** The records of an answer: its {@code results} array. */
	static List<JsonNode> results(JsonNode body) {
		List<JsonNode> records = new java.util.ArrayList<>();
		body.path("results").forEach(records::add);
		return records;
	}

}
