package io.customerdata.gateway.sources;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection check: one request through the source's client, and a report of field
 * names (never values) the mapping reads and the answer lacks.
 */
class SourceCheckTests {

	/**
	 * A help desk's user as the sample gives it: no {@code user_fields.loyalty_tier}, a
	 * null phone, no organisation.
	 */
	static final String USERS = """
			{"users": [{"id": 7, "name": "Tommy Hoppe", "email": "tommy@x.example", "phone": null,
			            "organization": null, "user_fields": {"region": "EMEA", "sensitivity": null}}]}""";

	ScriptedServer zendesk;

	@AfterEach
	void stop() {
		this.zendesk.close();
	}

	@Test
	void aCheckCallsOnceAndNamesTheMappedFieldsTheAnswerLacks() {
		this.zendesk = new ScriptedServer((request) -> Reply.json(USERS));

		SourceCheck.Checked checked = check(checkLookup(), SourceAuth.NONE).run().block();

		JsonNode report = checked.report();
		assertThat(this.zendesk.requests()).extracting(ScriptedServer.Request::pathAndQuery)
			.containsExactly("/api/v2/users.json?per_page=1");
		assertThat(report.path("source").asString()).isEqualTo("support");
		assertThat(report.path("preset").asString()).isEqualTo("zendesk");
		assertThat(report.path("probe").asString()).isEqualTo("check");
		assertThat(report.path("outcome").asString()).isEqualTo("answered");
		assertThat(report.path("authentication").asString()).isEqualTo("ok");
		assertThat(report.path("http_status").asInt()).isEqualTo(200);
		assertThat(report.path("latency_ms").isIntegralNumber()).isTrue();
		assertThat(report.path("ok").asBoolean()).isFalse();
		JsonNode fields = report.path("fields");
		assertThat(fields.path("records").asInt()).isOne();
		assertThat(fields.path("missing").findValuesAsString("path")).containsExactly("country",
				"user_fields.loyalty_tier");
		assertThat(fields.at("/missing/0/fields").valueStream().map(JsonNode::asString))
			.containsExactly("customer.phones");
		assertThat(fields.at("/missing/1/fields").valueStream().map(JsonNode::asString))
			.containsExactly("support.loyalty_tier");
		// a null value is a field the source has; a path through a null cannot tell
		assertThat(fields.path("present").asInt()).isEqualTo(6);
		assertThat(fields.path("unchecked").findValuesAsString("path")).containsExactly("organization.name",
				"tickets[].subject");
		assertThat(fields.path("unchecked").findValuesAsString("reason")).containsExactly("no-value", "include");
		assertThat(report.toString()).doesNotContain("Tommy", "tommy@x.example", "EMEA");
		assertThat(checked.records()).containsExactly("support:7");
		assertThat(checked.outcome()).isEqualTo("answered");
	}

	@Test
	void aSourceThatGivesEveryMappedFieldIsOk() {
		this.zendesk = new ScriptedServer((request) -> Reply.json("""
				{"users": [{"id": 7, "name": "T", "email": "t@x.example", "phone": "+441", "country": "GB",
				            "organization": {"name": "O"}, "user_fields": {"region": "EMEA", "sensitivity": null,
				            "loyalty_tier": "gold"}}]}"""));

		JsonNode report = check(checkLookup(), SourceAuth.NONE).run().block().report();

		assertThat(report.path("ok").asBoolean()).isTrue();
		assertThat(report.at("/fields/missing")).isEmpty();
		assertThat(report.at("/fields/present").asInt()).isEqualTo(9);
	}

	@Test
	void withoutARecordTheCheckSaysSo() {
		this.zendesk = new ScriptedServer((request) -> Reply.json("{\"users\": []}"));

		JsonNode report = check(checkLookup(), SourceAuth.NONE).run().block().report();

		assertThat(report.path("ok").asBoolean()).isTrue();
		assertThat(report.at("/fields/records").asInt()).isZero();
		assertThat(report.at("/fields/note").asString()).isEqualTo("no record to check fields against");
		assertThat(report.at("/fields/missing").isMissingNode()).isTrue();
	}

	@Test
	void withoutACheckLookupTheEmailLookupAsksForAnAddressThatCannotExist() {
		this.zendesk = new ScriptedServer((request) -> Reply.json("{\"users\": []}"));
		Map<String, FederationProperties.Lookup> lookups = Map.of("email",
				lookup("/api/v2/users/search.json?query=email:{value}", "users"), "id",
				lookup("/api/v2/users/{value}.json", "user"));

		JsonNode report = check(lookups, SourceAuth.NONE).run().block().report();

		assertThat(report.path("probe").asString()).isEqualTo("email");
		assertThat(this.zendesk.requests()).extracting(ScriptedServer.Request::pathAndQuery)
			.containsExactly("/api/v2/users/search.json?query=email:connection-check%40example.invalid");
	}

	@Test
	void byIdANotFoundIsAnAnswerWithoutARecord() {
		this.zendesk = new ScriptedServer((request) -> Reply.status(404));

		JsonNode report = check(Map.of("id", lookup("/api/v2/users/{value}.json", "user")), SourceAuth.NONE).run()
			.block()
			.report();

		assertThat(report.path("probe").asString()).isEqualTo("id");
		assertThat(report.path("http_status").asInt()).isEqualTo(404);
		assertThat(report.path("authentication").asString()).isEqualTo("ok");
		assertThat(report.at("/fields/note").asString()).isEqualTo("no record to check fields against");
		assertThat(this.zendesk.requests()).extracting(ScriptedServer.Request::pathAndQuery)
			.containsExactly("/api/v2/users/connection-check.json");
	}

	@Test
	void credentialsTheSourceRefusesAreAFailedAuthentication() {
		this.zendesk = new ScriptedServer((request) -> Reply.status(401));

		JsonNode report = check(checkLookup(), SourceAuth.NONE).run().block().report();

		assertThat(report.path("outcome").asString()).isEqualTo("unauthenticated");
		assertThat(report.path("authentication").asString()).isEqualTo("failed");
		assertThat(report.path("http_status").asInt()).isEqualTo(401);
		assertThat(report.path("ok").asBoolean()).isFalse();
		assertThat(report.at("/fields/note").asString()).isEqualTo("no answer to check fields against");
		assertThat(report.toString()).doesNotContain("secret-ish");
	}

	@Test
	void aClientTheTokenEndpointRefusesIsAFailedAuthenticationWithoutACallToTheSource() {
		this.zendesk = new ScriptedServer((request) -> Reply.json(USERS));
		try (ScriptedServer tokens = new ScriptedServer((request) -> Reply.status(401))) {
			SourceAuth auth = new SourceAuth(SourceAuth.AuthType.OAUTH2_CLIENT_CREDENTIALS, null, null, null,
					URI.create(tokens.baseUrl() + "/oauth/tokens"), "gateway", "env:PATH", List.of(), Map.of(),
					SourceAuth.TokenRequestFormat.JSON, SourceAuth.ClientAuthentication.POST, Duration.ofHours(1),
					Duration.ofMinutes(1), null, null, null, null, null, Duration.ofMinutes(2));

			JsonNode report = check(checkLookup(), auth).run().block().report();

			assertThat(report.path("outcome").asString()).isEqualTo("unauthenticated");
			assertThat(report.path("authentication").asString()).isEqualTo("failed");
			assertThat(report.path("http_status").isNull()).isTrue();
			assertThat(this.zendesk.requests()).isEmpty();
		}
	}

	@Test
	void aFailingSourceLeavesAuthenticationUnknown() {
		this.zendesk = new ScriptedServer((request) -> Reply.status(503));

		JsonNode report = check(checkLookup(), SourceAuth.NONE).run().block().report();

		assertThat(report.path("outcome").asString()).isEqualTo("failed");
		assertThat(report.path("authentication").asString()).isEqualTo("unknown");
		assertThat(report.path("http_status").asInt()).isEqualTo(503);
		assertThat(this.zendesk.requests()).as("no retry: a check costs one request").hasSize(1);
	}

	@Test
	void oneCheckOfASourceRunsAtATime() {
		this.zendesk = new ScriptedServer((request) -> Reply.json(USERS).after(1000));
		SourceCheck check = check(checkLookup(), SourceAuth.NONE);
		Disposable first = check.run().subscribe();
		try {
			assertThatThrownBy(() -> check.run().block()).isInstanceOfSatisfying(GatewayProblem.class,
					(problem) -> assertThat(problem.type()).isEqualTo(ProblemType.RATE_LIMITED));
		}
		finally {
			first.dispose();
		}
		this.zendesk.script((request) -> Reply.json(USERS));
		assertThat(check.run().block().outcome()).as("free again once the first has ended").isEqualTo("answered");
	}

	@Test
	void aSourceWithoutALookupToSendCannotBeChecked() {
		this.zendesk = new ScriptedServer((request) -> Reply.json(USERS));

		assertThatThrownBy(() -> check(Map.of(), SourceAuth.NONE).run().block()).isInstanceOfSatisfying(
				GatewayProblem.class,
				(problem) -> assertThat(problem.type()).isEqualTo(ProblemType.SOURCE_NOT_CHECKABLE));
		assertThat(this.zendesk.requests()).isEmpty();
	}

	private static Map<String, FederationProperties.Lookup> checkLookup() {
		return Map.of("check", lookup("/api/v2/users.json?per_page=1", "users"));
	}

	private static FederationProperties.Lookup lookup(String path, String records) {
		return new FederationProperties.Lookup("GET", path, null, Map.of(), records, true,
				FederationProperties.Pagination.NONE, null, FederationProperties.ChildPages.NONE);
	}

	private SourceCheck check(Map<String, FederationProperties.Lookup> lookups, SourceAuth auth) {
		Map<String, String> mapping = new LinkedHashMap<>();
		mapping.put("customer.name", "name");
		mapping.put("customer.emails", "list(email)");
		mapping.put("customer.phones", "list(e164(phone, country))");
		mapping.put("customer.region", "user_fields.region");
		mapping.put("customer.sensitivity", "user_fields.sensitivity");
		mapping.put("support.loyalty_tier", "user_fields.loyalty_tier");
		mapping.put("support.organisation", "organization.name");
		mapping.put("support.tickets[].subject", "tickets[].subject");
		FederationProperties.Source source = new FederationProperties.Source("zendesk",
				URI.create(this.zendesk.baseUrl()), "support", Duration.ofSeconds(1), Duration.ofSeconds(3), lookups,
				"id", Map.of("tickets", lookup("/api/v2/users/{id}/tickets/requested.json", "tickets")),
				mapping.entrySet()
					.stream()
					.map((e) -> new FederationProperties.Mapped(e.getKey(), e.getValue()))
					.toList(),
				new FederationProperties.Resilience(32, 50, 10, 5, Duration.ofSeconds(10), Duration.ofMillis(10)), auth,
				FederationProperties.Throttling.UNLIMITED, SourcePassThrough.NONE);
		return new SourceCheck("support", source,
				new SourceClient("support", source, WebClient.builder(), Clock.systemUTC(), new SimpleMeterRegistry()));
	}

}
