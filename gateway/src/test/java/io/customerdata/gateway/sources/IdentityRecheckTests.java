package io.customerdata.gateway.sources;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A record a lookup by e-mail or phone returns is linked only if it holds the key looked
 * up, normalised; what a vendor's search matches besides (prefixes, names, stored phone
 * strings) is dropped and counted.
 */
class IdentityRecheckTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** A help desk's users: their e-mails, a phone stored as typed and its country. */
	static final CanonicalMapping MAPPING = new CanonicalMapping(Map.of("customer.name", "name", "customer.emails",
			"emails", "customer.phones", "list(e164(phone, country))"));

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final IdentityRecheck recheck = new IdentityRecheck("support", this.meters);

	/** As at start-up: libphonenumber's lazy read would block an event loop. */
	@BeforeAll
	static void loadPhoneMetadata() {
		IdentityKeys.loadPhoneMetadata();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "alice@example.com|alice@example.com", "alice@example.com|Alice@Example.COM",
					"alice@example.com|'  alice@example.com '",
					"alice.archer+crm@sub.example.org|ALICE.ARCHER+crm@Sub.Example.org" })
	void anEmailMatchesInAnyCaseAndSpacing(String key, String stored) {
		assertThat(IdentityRecheck.matches("email", key, canonical(user(stored, null, null)))).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			// Zendesk matches prefixes and words; LIKE matches patterns
			"ali@example.com|alice@example.com", "alice@example.com|alice@example.co",
			"alice@example.co|alice@example.com", "alice@example.com|malice@example.com",
			"alice@example.com|alice@example.com.evil.org", "alice@example.com|alice_example.com",
			"alice@example.com|not an address" })
	void aNearMissIsNoMatch(String key, String stored) {
		assertThat(IdentityRecheck.matches("email", key, canonical(user(stored, null, null)))).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "+447700900123|+447700900123|null", "+447700900123|+44 7700 900123|null",
					"+447700900123|07700 900123|GB", "+447700900123|(07700) 900-123|gb",
					"+14155550132|+1 (415) 555-0132|null", "+14155550132|415.555.0132|US" })
	void aPhoneMatchesInAnyFormatItsCountryReads(String key, String stored, String country) {
		assertThat(IdentityRecheck.matches("phone", key, canonical(user("x@example.com", stored, country)))).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "+447700900123|+4477009001234|null", "+447700900123|+447700900124|null",
					"+447700900123|07700 900123|null", "+447700900123|07700 900123|US", "+447700900123|7700900123|null",
					"+447700900123|null|GB" })
	void aPhoneThatIsAnotherOrCannotBeReadIsNoMatch(String key, String stored, String country) {
		assertThat(IdentityRecheck.matches("phone", key, canonical(user("x@example.com", stored, country)))).isFalse();
	}

	@Test
	void aRecordWithSeveralEmailsMatchesByAnyOfThem() {
		JsonNode user = JSON
			.readTree("{\"name\": \"Alice\", \"emails\": [\"alice@work.example\", \"Alice@Home.example\"]}");

		assertThat(IdentityRecheck.matches("email", "alice@home.example", canonical(user))).isTrue();
		assertThat(IdentityRecheck.matches("email", "alice@work.example", canonical(user))).isTrue();
		assertThat(IdentityRecheck.matches("email", "alice@school.example", canonical(user))).isFalse();
	}

	@Test
	void aRecordWithoutEmailsOrPhonesMatchesNothing() {
		JsonNode nameOnly = JSON.readTree("{\"name\": \"alice@example.com\", \"phone\": \"\"}");

		assertThat(IdentityRecheck.matches("email", "alice@example.com", canonical(nameOnly))).isFalse();
		assertThat(IdentityRecheck.matches("phone", "+447700900123", canonical(nameOnly))).isFalse();
	}

	@Test
	void aKeyThatIsNoEmailOrPhoneMatchesNothing() {
		JsonNode user = user("alice@example.com", "+447700900123", null);

		assertThat(IdentityRecheck.matches("email", "alice", canonical(user))).isFalse();
		assertThat(IdentityRecheck.matches("phone", "not a phone", canonical(user))).isFalse();
	}

	@Test
	void aSearchByEmailKeepsTheExactMatchesAndCountsTheRest() {
		// A name that holds the key is no match: only the record's own e-mails count.
		List<JsonNode> answer = List.of(user("alice@example.com.au", null, null),
				named("alice@example.com", "bob@example.com"), user("ALICE@example.com", null, null),
				user("alice@example.co", null, null));

		List<JsonNode> kept = this.recheck.keep("email", "alice@example.com", answer, MAPPING::toCanonical);

		assertThat(kept).containsExactly(answer.get(2));
		assertThat(count("email", "kept")).isEqualTo(1);
		assertThat(count("email", "dropped")).isEqualTo(3);
		assertThat(count("phone", "dropped")).isZero();
	}

	@Test
	void aLookupByIdIsNotRechecked() {
		List<JsonNode> answer = List.of(user("someone@example.com", null, null));

		assertThat(this.recheck.keep("id", "42", answer, MAPPING::toCanonical)).isEqualTo(answer);
		assertThat(count("email", "kept") + count("email", "dropped")).isZero();
	}

	@Test
	void aConnectorLinksOnlyTheExactMatchAndFetchesNoIncludesForTheOthers() {
		String users = "{\"users\": [{\"id\": 1, \"email\": \"alicia@example.com\", \"phone\": \"+447700900123\"},"
				+ " {\"id\": 2, \"email\": \"alice@example.com\", \"phone\": null},"
				+ " {\"id\": 3, \"email\": \"alice@example.com.evil.org\", \"phone\": null}]}";
		try (ScriptedServer zendesk = new ScriptedServer((request) -> request.pathAndQuery().startsWith("/users/search")
				? Reply.json(users) : Reply.json("{\"tickets\": [{\"subject\": \"Hello\"}]}"))) {
			SourceConnector connector = connector(zendesk.baseUrl());

			SourceResult byEmail = connector.lookup("email", "alice@example.com", "email").block();
			SourceResult byPhone = connector.lookup("phone", "+447700900123", "phone").block();

			assertThat(byEmail.records()).extracting(SourceRecord::id).containsExactly("2");
			assertThat(byEmail.records().get(0).canonical().at("/support/ticket_count").asInt()).isEqualTo(1);
			assertThat(byPhone.records()).extracting(SourceRecord::id).containsExactly("1");
			assertThat(zendesk.requests()).extracting(ScriptedServer.Request::pathAndQuery)
				.filteredOn((path) -> path.contains("/tickets"))
				.containsExactly("/users/2/tickets", "/users/1/tickets");
			assertThat(this.meters.get("gateway.source.identity.rechecks")
				.tags("source", "support", "outcome", "dropped")
				.counters()).extracting((counter) -> (int) counter.count()).containsExactlyInAnyOrder(2, 2);
		}
	}

	@Test
	void aSourceThatLooksUpByEmailMustMapEmailsFromTheRecordItself() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> connector("http://127.0.0.1:1",
					Map.of("customer.name", "name", "customer.phones", "list(phone)")))
			.withMessageContaining("customer.emails");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> connector("http://127.0.0.1:1",
					Map.of("customer.emails", "list(tickets[].via)", "customer.phones", "list(phone)")))
			.withMessageContaining("from the record itself");
	}

	private SourceConnector connector(String baseUrl) {
		return connector(baseUrl, Map.of("customer.emails", "list(email)", "customer.phones", "list(e164(phone))",
				"support.ticket_count", "count(tickets[])"));
	}

	private SourceConnector connector(String baseUrl, Map<String, String> mapping) {
		FederationProperties.Lookup email = lookup("/users/search?query=email:{value}");
		FederationProperties.Source source = new FederationProperties.Source(null, URI.create(baseUrl), "support",
				Duration.ofSeconds(1), Duration.ofSeconds(2),
				Map.of("email", email, "phone", lookup("/users/search?query=phone:{value}")), "id",
				Map.of("tickets",
						new FederationProperties.Lookup("GET", "/users/{id}/tickets", null, Map.of(), "tickets", true,
								FederationProperties.Pagination.NONE, null, FederationProperties.ChildPages.NONE)),
				mapping.entrySet()
					.stream()
					.map((e) -> new FederationProperties.Mapped(e.getKey(), e.getValue()))
					.toList(),
				new FederationProperties.Resilience(32, 50, 10, 5, Duration.ofSeconds(10), Duration.ofMillis(10)),
				SourceAuth.NONE, FederationProperties.Throttling.UNLIMITED, SourcePassThrough.NONE);
		return new SourceConnector("support", source,
				new SourceClient("support", source, WebClient.builder(), Clock.systemUTC(), this.meters),
				CircuitBreakerRegistry.ofDefaults(), ObservationRegistry.NOOP, this.meters);
	}

	private static FederationProperties.Lookup lookup(String path) {
		return new FederationProperties.Lookup("GET", path, null, Map.of(), "users", true,
				FederationProperties.Pagination.NONE, null, FederationProperties.ChildPages.NONE);
	}

	private double count(String key, String outcome) {
		return this.meters.get("gateway.source.identity.rechecks")
			.tags("source", "support", "key", key, "outcome", outcome)
			.counter()
			.count();
	}

	private static JsonNode canonical(JsonNode record) {
		return MAPPING.toCanonical(record);
	}

	private static JsonNode user(String email, String phone, String country) {
		var user = JSON.createObjectNode().put("name", "Alice");
		user.putArray("emails").add(email);
		if (phone != null) {
			user.put("phone", phone);
		}
		if (country != null) {
			user.put("country", country);
		}
		return user;
	}

	private static JsonNode named(String name, String email) {
		var user = JSON.createObjectNode().put("name", name);
		user.putArray("emails").add(email);
		return user;
	}

}
