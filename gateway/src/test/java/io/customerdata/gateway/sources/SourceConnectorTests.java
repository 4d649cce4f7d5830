package io.customerdata.gateway.sources;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a lookup reports of a source whose credentials or quota fail it: a status in the
 * answer's {@code _meta.sources}, never an error of the whole view.
 */
class SourceConnectorTests {

	final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	ScriptedServer department;

	@AfterEach
	void stop() {
		this.department.close();
	}

	@Test
	void aThrottlingSourceIsRateLimitedAndItsBreakerStaysClosed() {
		this.department = new ScriptedServer((request) -> Reply.status(429).with("Retry-After", "0"));
		SourceConnector connector = connector(SourceAuth.NONE);

		for (int i = 0; i < 25; i++) {
			SourceResult result = connector.lookup("email", "ada@example.com", "email").block();
			assertThat(result.status()).isEqualTo(SourceResult.RATE_LIMITED);
			assertThat(result.failed()).isTrue();
		}
		assertThat(this.breakers.circuitBreaker("crm").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.department.requests()).as("no retry of a throttled call").hasSize(25);
	}

	@Test
	void aTokenEndpointThatFailsMakesTheSourceAnError() {
		this.department = new ScriptedServer((request) -> Reply.json("{\"content\": []}"));
		try (ScriptedServer tokens = new ScriptedServer((request) -> Reply.status(500))) {
			SourceAuth auth = new SourceAuth(SourceAuth.AuthType.OAUTH2_CLIENT_CREDENTIALS, null, null, null,
					URI.create(tokens.baseUrl() + "/token"), "gateway", "env:PATH", List.of(), Map.of(),
					SourceAuth.TokenRequestFormat.FORM, SourceAuth.ClientAuthentication.POST, Duration.ofHours(1),
					Duration.ofMinutes(1), null, null, null, null, null, Duration.ofMinutes(3));

			SourceResult result = connector(auth).lookup("email", "ada@example.com", "email").block();

			assertThat(result.status()).isEqualTo("error");
			assertThat(result.records()).isEmpty();
			assertThat(this.department.requests()).isEmpty();
		}
	}

	@Test
	void aValueOfTheWrongFormIsNoMatchWithoutACall() {
		this.department = new ScriptedServer((request) -> Reply.json("{\"content\": [{\"accountId\": \"x\"}]}"));
		SourceConnector connector = connector(SourceAuth.NONE, "[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?",
				FederationProperties.ChildPages.NONE);

		for (String value : List.of("ACC-000001", "001Q0000000001", "001Q00000000001AAAA", "001Q00000000001AA'")) {
			SourceResult result = connector.lookup("id", value, "reference").block();
			assertThat(result.status()).isEqualTo(SourceResult.OK);
			assertThat(result.records()).isEmpty();
		}
		assertThat(this.department.requests()).as("no call for a malformed value").isEmpty();
		assertThat(connector.lookup("id", "001Q00000000001AAA", "reference").block().records()).hasSize(1);
		assertThat(this.department.requests()).hasSize(1);
	}

	@Test
	void aChildResultLeftUnfinishedAtItsCapMakesTheResultTruncated() {
		this.department = new ScriptedServer((request) -> Reply.json("{\"content\": [{\"accountId\": \"A-1\", "
				+ "\"deals\": {\"done\": false, \"nextRecordsUrl\": \"/more\", \"records\": [{}]}}]}"));
		SourceConnector connector = connector(SourceAuth.NONE, null,
				new FederationProperties.ChildPages(List.of("deals"), "records", "nextRecordsUrl", 0));

		SourceResult result = connector.lookup("id", "A-1", "reference").block();

		assertThat(result.records()).hasSize(1);
		assertThat(result.truncated()).isTrue();
		assertThat(this.department.requests()).hasSize(1);
	}

	private SourceConnector connector(SourceAuth auth) {
		return connector(auth, null, FederationProperties.ChildPages.NONE);
	}

	private SourceConnector connector(SourceAuth auth, @Nullable String valuePattern,
			FederationProperties.ChildPages childPages) {
		FederationProperties.Source source = new FederationProperties.Source(null,
				URI.create(this.department.baseUrl()), "sales", Duration.ofSeconds(1), Duration.ofSeconds(2),
				Map.of("email",
						new FederationProperties.Lookup("GET", "/accounts?email={value}", null, Map.of(), "content",
								true, FederationProperties.Pagination.NONE, null, childPages),
						"id",
						new FederationProperties.Lookup("GET", "/accounts?id={value}", null, Map.of(), "content", true,
								FederationProperties.Pagination.NONE, valuePattern, childPages)),
				"accountId", Map.of(),
				List.of(new FederationProperties.Mapped("sales.account_id", "accountId"),
						new FederationProperties.Mapped("customer.emails", "list(primaryContact.email)")),
				new FederationProperties.Resilience(32, 50, 10, 5, Duration.ofSeconds(10), Duration.ofMillis(10)), auth,
				FederationProperties.Throttling.UNLIMITED, SourcePassThrough.NONE);
		return new SourceConnector("crm", source,
				new SourceClient("crm", source, WebClient.builder(), Clock.systemUTC(), new SimpleMeterRegistry()),
				this.breakers, ObservationRegistry.NOOP, new SimpleMeterRegistry());
	}

}
