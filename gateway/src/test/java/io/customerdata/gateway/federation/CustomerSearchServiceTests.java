package io.customerdata.gateway.federation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.security.Subject;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePassThrough;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.sources.SourceConnector;
import io.customerdata.gateway.sources.SourceRecord;
import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CustomerSearchServiceTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void recordsSharingAnEmailOrPhoneTransitivelyAreOneCustomer() {
		SourceRecord crm = record("crm", "A", "[\"Ada@X.example\"]", "[]");
		SourceRecord support = record("support", "1", "[\" ada@x.example\"]", "[\"+31612529997\"]");
		SourceRecord marketing = record("marketing", "L-1", "[\"ada.other@y.example\"]", "[\"+31612529997\"]");
		SourceRecord stranger = record("crm", "B", "[\"bob@x.example\"]", "[\"+447700900123\"]");

		List<List<SourceRecord>> customers = CustomerSearchService.group(List.of(crm, stranger, support, marketing));

		assertThat(customers).containsExactly(List.of(crm, support, marketing), List.of(stranger));
	}

	@Test
	void aRecordWithoutIdentityKeysIsACustomerOfItsOwn() {
		SourceRecord a = record("crm", "A", "[]", "[]");
		SourceRecord b = record("crm", "B", "[]", "[]");
		assertThat(CustomerSearchService.group(List.of(a, b))).hasSize(2);
	}

	@Test
	void aCursorWorksOnlyForTheQueryThatMadeIt() {
		String cursor = CustomerSearchService.Cursor.of(20, "q=hoppe");
		assertThat(CustomerSearchService.Cursor.offset(cursor, "q=hoppe")).isEqualTo(20);
		assertThat(CustomerSearchService.Cursor.offset(null, "q=hoppe")).isZero();
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> CustomerSearchService.Cursor.offset(cursor, "q=smith"));
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> CustomerSearchService.Cursor.offset("not-base64!", "q=hoppe"));
	}

	/**
	 * A sales rep searching by e-mail for a customer whose only record is restricted sees
	 * no match, and must not learn from {@code truncated} that one exists: a refused
	 * record's cut child rows say nothing, as in the unified view.
	 */
	@ParameterizedTest
	@CsvSource({ "restricted, 0, false", "standard, 1, true" })
	void truncationIsSaidOnlyOfAMatchTheCallerSees(String sensitivity, int items, boolean truncated) {
		String account = "{\"content\": [{\"accountId\": \"A-1\", \"classification\": \"" + sensitivity
				+ "\", \"region\": \"EU\", \"primaryContact\": {\"email\": \"ada@example.com\"},"
				+ " \"deals\": {\"done\": false, \"nextRecordsUrl\": \"/more\", \"records\": [{}]}}]}";
		try (ScriptedServer crm = new ScriptedServer((request) -> Reply.json(account))) {
			CustomerSearchService search = new CustomerSearchService(Map.of("crm", connector(crm.baseUrl())),
					new EmbeddedPolicyDecisionPoint(MergeProperties.POLICY, 10), MergeProperties.DISCLOSURE,
					AccessHints.none(), MergeProperties.ATTRIBUTES);
			Subject alice = new Subject("alice", "alice", java.util.Set.of("sales-rep"), "sales", "EU", "gateway");

			ObjectNode answer = search.search(alice, null, "email", "ada@example.com", 20, null).block();

			assertThat(answer.path("items").size()).isEqualTo(items);
			assertThat(answer.at("/_meta/truncated").asBoolean()).isEqualTo(truncated);
		}
	}

	private static SourceConnector connector(String baseUrl) {
		FederationProperties.Source source = new FederationProperties.Source(null, URI.create(baseUrl), "sales",
				Duration.ofSeconds(1), Duration.ofSeconds(2),
				Map.of("email",
						new FederationProperties.Lookup("GET", "/accounts?email={value}", null, Map.of(), "content",
								true, FederationProperties.Pagination.NONE, null,
								new FederationProperties.ChildPages(List.of("deals"), "records", "nextRecordsUrl", 0))),
				"accountId", Map.of(),
				List.of(new FederationProperties.Mapped("sales.account_id", "accountId"),
						new FederationProperties.Mapped("customer.region", "region"),
						new FederationProperties.Mapped("customer.sensitivity", "classification"),
						new FederationProperties.Mapped("customer.emails", "list(primaryContact.email)")),
				new FederationProperties.Resilience(32, 50, 10, 5, Duration.ofSeconds(10), Duration.ofMillis(10)),
				SourceAuth.NONE, FederationProperties.Throttling.UNLIMITED, SourcePassThrough.NONE);
		return new SourceConnector("crm", source,
				new SourceClient("crm", source, WebClient.builder(), Clock.systemUTC(), new SimpleMeterRegistry()),
				CircuitBreakerRegistry.ofDefaults(), ObservationRegistry.NOOP, new SimpleMeterRegistry());
	}

	private static SourceRecord record(String source, String id, String emails, String phones) {
		ObjectNode canonical = (ObjectNode) JSON
			.readTree("{\"customer\": {\"emails\": " + emails + ", \"phones\": " + phones + "}}");
		return new SourceRecord(source, id, canonical, "search");
	}

}
