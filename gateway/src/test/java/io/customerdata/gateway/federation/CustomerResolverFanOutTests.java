package io.customerdata.gateway.federation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePassThrough;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.sources.IdentityKeys;
import io.customerdata.gateway.sources.SourceConnector;
import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one view may cost the other sources: the second round asks them by the keys of the
 * records that are linked (at most {@value CustomerResolver#MAX_RECORDS_PER_SOURCE} a
 * source), at most {@value CustomerResolver#MAX_KEYS_PER_KIND} e-mails and as many
 * phones, so that a record holding a hundred addresses, or records beyond those linked,
 * cannot fill the other sources' bulkheads (every caller's lookups then fail) or spend a
 * vendor's shared budget.
 */
class CustomerResolverFanOutTests {

	@BeforeAll
	static void loadPhoneMetadata() {
		IdentityKeys.loadPhoneMetadata();
	}

	@Test
	void aRecordWithManyKeysAsksTheOtherSourcesABoundedNumberOfTimes() {
		String emails = IntStream.range(0, 100)
			.mapToObj((i) -> "\"ada" + i + "@example.com\"")
			.collect(Collectors.joining(", "));
		String phones = IntStream.range(0, 100)
			.mapToObj((i) -> "\"+4477009" + String.format("%05d", i) + "\"")
			.collect(Collectors.joining(", "));
		String account = "{\"content\": [{\"id\": \"A-1\", \"emails\": [" + emails + "], \"phones\": [" + phones
				+ "]}]}";
		try (ScriptedServer crm = new ScriptedServer((request) -> Reply.json(account));
				ScriptedServer support = new ScriptedServer((request) -> Reply.json("{\"content\": []}"))) {
			CustomerResolver resolver = resolver(crm, support);

			Resolution resolution = resolver
				.resolve(new CustomerReference("id", "crm", "A-1"), Set.of("crm", "support"))
				.block();

			assertThat(resolution.records()).hasSize(1);
			assertThat(support.requests()).hasSize(2 * CustomerResolver.MAX_KEYS_PER_KIND);
		}
	}

	@Test
	void onlyTheKeysOfLinkedRecordsAreAskedFor() {
		// Eight records share a phone; only those past the five linked hold an e-mail.
		String accounts = IntStream.range(0, 8)
			.mapToObj((i) -> "{\"id\": \"A-" + i + "\", \"emails\": ["
					+ ((i < CustomerResolver.MAX_RECORDS_PER_SOURCE) ? "" : "\"ada" + i + "@example.com\"")
					+ "], \"phones\": [\"+447700900123\"]}")
			.collect(Collectors.joining(", ", "{\"content\": [", "]}"));
		try (ScriptedServer crm = new ScriptedServer((request) -> Reply.json(accounts));
				ScriptedServer support = new ScriptedServer((request) -> Reply.json("{\"content\": []}"))) {
			CustomerResolver resolver = resolver(crm, support);

			resolver.resolve(new CustomerReference("phone", null, "+447700900123"), Set.of("crm", "support")).block();

			assertThat(support.requests()).extracting(ScriptedServer.Request::pathAndQuery)
				.filteredOn((path) -> path.contains("email="))
				.isEmpty();
		}
	}

	private static CustomerResolver resolver(ScriptedServer crm, ScriptedServer support) {
		Map<String, SourceConnector> connectors = new LinkedHashMap<>();
		connectors.put("crm", connector("crm", crm.baseUrl()));
		connectors.put("support", connector("support", support.baseUrl()));
		return new CustomerResolver(connectors);
	}

	private static SourceConnector connector(String id, String baseUrl) {
		Map<String, FederationProperties.Lookup> lookups = Map.of("id", lookup("/records?id={value}"), "email",
				lookup("/records?email={value}"), "phone", lookup("/records?phone={value}"));
		FederationProperties.Source source = new FederationProperties.Source(null, URI.create(baseUrl), id,
				Duration.ofSeconds(1), Duration.ofSeconds(5), lookups, "id", Map.of(),
				List.of(new FederationProperties.Mapped("customer.emails", "emails"),
						new FederationProperties.Mapped("customer.phones", "phones")),
				new FederationProperties.Resilience(32, 50, 10, 5, Duration.ofSeconds(10), Duration.ofMillis(10)),
				SourceAuth.NONE, FederationProperties.Throttling.UNLIMITED, SourcePassThrough.NONE);
		return new SourceConnector(id, source,
				new SourceClient(id, source, WebClient.builder(), Clock.systemUTC(), new SimpleMeterRegistry()),
				CircuitBreakerRegistry.ofDefaults(), ObservationRegistry.NOOP, new SimpleMeterRegistry());
	}

	private static FederationProperties.Lookup lookup(String path) {
		return new FederationProperties.Lookup("GET", path, null, Map.of(), "content", true,
				FederationProperties.Pagination.NONE, null, FederationProperties.ChildPages.NONE);
	}

}
