package io.customerdata.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail on the real PostgreSQL (127.0.0.1:5432, database {@code test}), reached
 * through a proxy that can cut the connection path, with real Keycloak tokens and the
 * sample departments: one event per request of every kind, names never values, the
 * officers' API, and an outage that loses nothing.
 */
@RealStackTest(properties = { "gateway.audit.spool.max-size=48KB", "gateway.audit.retry-interval=500ms" })
class AuditTrailIT {

	/**
	 * A schema of its own, new each run: policy versions stored by earlier runs (or
	 * builds) must not decide this one's answers.
	 */
	static final String SCHEMA = "audit_trail_it";

	static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA;

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final TcpProxy database = Servers.start(() -> new TcpProxy(5432));

	@Autowired
	MeterRegistry meters;

	@Autowired
	GatewayClient gateway;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:postgresql://127.0.0.1:" + database.port() + "/test?currentSchema=" + SCHEMA);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.flyway.default-schema", () -> SCHEMA);
	}

	/** Before the application context, and so before Flyway, runs. */
	@BeforeAll
	static void newSchema() throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres",
				"")) {
			connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
		}
	}

	@AfterAll
	static void stop() throws Exception {
		database.close();
	}

	@BeforeEach
	void setUp() throws Exception {
		// Exports run to megabytes: more time and room than a plain call needs.
		this.gateway = this.gateway.mutate((client) -> client.responseTimeout(Duration.ofSeconds(30))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)));
		database.restore();
		// Each test starts with the spool drained, whatever the one before left.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.meters.get("gateway.audit.spool.depth").gauge().value() == 0);
	}

	@Test
	void everyKindOfRequestIsExactlyOneEventWithNamesNeverValues() throws Exception {
		String alice = this.gateway.token("alice");
		String view = traceOf(get("/api/v1/customers/crm:ACC-000001", alice).expectStatus().isOk());
		String search = traceOf(get("/api/v1/customers?q=hoppe", alice).expectStatus().isOk());
		String read = traceOf(get("/api/v1/departments/crm/accounts/ACC-000001", alice).expectStatus().isOk());
		String write = traceOf(this.gateway.bearer(alice)
			.post()
			.uri("/api/v1/departments/crm/accounts/ACC-000001/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\": \"Audited call\"}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful());
		String refused = traceOf(
				get("/api/v1/customers/crm:ACC-000001", this.gateway.token("dan")).expectStatus().isForbidden());
		String missing = traceOf(get("/api/v1/departments/crm/accounts/ACC-999999", alice).expectStatus().isNotFound());

		JsonNode viewed = onlyEventOf(view);
		assertThat(viewed.path("action").asString()).isEqualTo("view");
		assertThat(viewed.path("subject").asString()).isEqualTo("alice");
		assertThat(viewed.path("decision").asString()).isEqualTo("allow");
		assertThat(viewed.path("purpose").asString()).isEqualTo("account-management");
		assertThat(viewed.path("records").toString()).contains("crm:ACC-000001");
		assertThat(viewed.path("disclosed").toString()).contains("customer.name", "sales.deals[].amount");
		assertThat(viewed.path("policy_version").asString()).isNotBlank();
		assertThat(viewed.path("decision_id").asString()).isNotBlank();
		assertThat(onlyEventOf(search).path("action").asString()).isEqualTo("search");
		assertThat(onlyEventOf(read).path("action").asString()).isEqualTo("read");
		JsonNode notFound = onlyEventOf(missing);
		assertThat(notFound.path("decision").asString()).as("nothing disclosed, still one event").isEqualTo("none");
		assertThat(notFound.path("status").asInt()).isEqualTo(404);
		assertThat(notFound.path("disclosed")).isEmpty();
		assertThat(onlyEventOf(read).path("records").toString()).contains("crm:ACC-000001");
		assertThat(onlyEventOf(write).path("action").asString()).isEqualTo("write");
		JsonNode denied = onlyEventOf(refused);
		assertThat(denied.path("decision").asString()).isEqualTo("deny");
		assertThat(denied.path("reason").asString()).isEqualTo("out-of-region");
		assertThat(denied.path("status").asInt()).isEqualTo(403);
		assertThat(denied.path("records").toString()).isEqualTo("[\"crm:ACC-000001\"]");

		JsonNode account = RealStack.department("crm", "/accounts/ACC-000001");
		List<String> values = List.of(account.at("/primaryContact/email").asString(),
				account.at("/primaryContact/lastName").asString(), account.path("accountName").asString(),
				account.at("/deals/0/amount").asString(), "Audited call", "hoppe");
		for (String row : rows("select event || subject || coalesce(purpose, '') from audit_event")) {
			for (String value : values) {
				assertThat(row.toLowerCase()).doesNotContain(value.toLowerCase());
			}
		}
	}

	@Test
	void officersFilterPageExportAndReport() {
		// Only this test's events: the database outlives test runs.
		String since = java.time.Instant.now().toString();
		String alice = this.gateway.token("alice");
		for (int i = 0; i < 3; i++) {
			get("/api/v1/customers/crm:ACC-000001", alice).expectStatus().isOk();
		}
		get("/api/v1/customers/crm:ACC-000001", this.gateway.token("dan")).expectStatus().isForbidden();
		String sam = this.gateway.token("sam");

		JsonNode first = json(get("/admin/audit?subject=alice&limit=2", sam));
		assertThat(first.path("items")).hasSize(2);
		JsonNode second = json(
				get("/admin/audit?subject=alice&limit=2&cursor=" + first.path("next_cursor").asString(), sam));
		assertThat(second.path("items").get(0).path("id")).isNotEqualTo(first.path("items").get(1).path("id"));
		assertThat(json(get("/admin/audit?decision=deny&limit=50", sam)).path("items"))
			.allSatisfy((e) -> assertThat(e.path("decision").asString()).isEqualTo("deny"))
			.isNotEmpty();
		JsonNode byCustomer = json(get("/admin/audit?customer=support:310000&limit=500", sam));
		assertThat(byCustomer.path("items"))
			.allSatisfy(
					(e) -> assertThat(e.path("records").toString()).containsAnyOf("support:310000", "crm:ACC-000001"))
			.isNotEmpty();

		String csv = text(get("/admin/audit/export?format=csv&subject=alice&from=" + since, sam));
		assertThat(csv.lines().findFirst().orElseThrow()).startsWith("id,time,subject");
		String jsonl = text(get("/admin/audit/export?subject=alice&from=" + since, sam));
		assertThat(csv.lines().count() - 1).isEqualTo(jsonl.lines().count()).isGreaterThanOrEqualTo(3);
		jsonl.lines().forEach((line) -> assertThat(JSON.readTree(line).path("subject").asString()).isEqualTo("alice"));

		JsonNode report = json(get("/admin/audit/report?customer=crm:ACC-000001", sam));
		assertThat(report.path("records").toString()).contains("crm:ACC-000001");
		assertThat(report.path("subjects").findValuesAsString("subject")).contains("alice").doesNotContain("dan");

		assertProblem(get("/admin/audit", alice), 403, "forbidden");
	}

	@Test
	void anOutageLosesNoEventAndAFullSpoolRefusesTheDisclosure() throws Exception {
		String alice = this.gateway.token("alice");
		database.cut();
		List<String> served = new ArrayList<>();
		EntityExchangeResult<byte[]> refusal = null;
		for (int i = 0; i < 200 && refusal == null; i++) {
			EntityExchangeResult<byte[]> result = get("/api/v1/customers/crm:ACC-000001", alice).expectBody()
				.returnResult();
			if (result.getStatus().value() == 200) {
				served.add(result.getResponseHeaders().getFirst("X-Trace-Id"));
			}
			else {
				refusal = result;
			}
		}
		assertThat(served).as("answered while the spool had room").hasSizeGreaterThanOrEqualTo(10);
		assertThat(refusal).as("refused once the spool was full").isNotNull();
		assertThat(refusal.getStatus().value()).isEqualTo(503);
		JsonNode problem = JSON.readTree(refusal.getResponseBody());
		assertThat(problem.path("code").asString()).isEqualTo("audit-unavailable");
		assertThat(problem.has("customer")).isFalse();

		database.restore();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(countOf(served)).isEqualTo(served.size()));
	}

	@Test
	void aGatewayRestartedWithASpooledEventDrainsItAfterStart() throws Exception {
		Path spool = Files.createTempDirectory("audit-spool");
		String trace;
		try (ConfigurableApplicationContext first = gateway(spool)) {
			database.cut();
			trace = traceOf(GatewayClient.of(first).customer("alice", "crm:ACC-000001", null).expectStatus().isOk());
		}
		assertThat(Files.readString(spool.resolve("audit-spool.jsonl"))).contains(trace);
		database.restore();
		assertThat(countOf(List.of(trace))).as("only in the spool while the gateway is down").isZero();

		try (ConfigurableApplicationContext second = gateway(spool)) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(countOf(List.of(trace))).isEqualTo(1));
		}
	}

	/** Another gateway, on the same database path, with the given spool. */
	private static ConfigurableApplicationContext gateway(Path spool) {
		return RealStack.startGateway(
				"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/test?currentSchema="
						+ SCHEMA,
				"spring.datasource.username=postgres", "spring.flyway.default-schema=" + SCHEMA,
				"gateway.audit.spool.directory=" + spool);
	}

	private WebTestClient.ResponseSpec get(String path, String token) {
		return this.gateway.bearer(token).get().uri(path).exchange();
	}

	private static String traceOf(WebTestClient.ResponseSpec response) {
		return response.expectBody().returnResult().getResponseHeaders().getFirst("X-Trace-Id");
	}

	private static JsonNode json(WebTestClient.ResponseSpec response) {
		return JSON.readTree(response.expectStatus().isOk().expectBody().returnResult().getResponseBody());
	}

	private static String text(WebTestClient.ResponseSpec response) {
		return new String(response.expectStatus().isOk().expectBody().returnResult().getResponseBody(),
				java.nio.charset.StandardCharsets.UTF_8);
	}

	private static JsonNode onlyEventOf(String traceId) throws SQLException {
		List<String> events = rows("select event from audit_event where event::jsonb ->> 'trace_id' = ?", traceId);
		assertThat(events).as("events of trace " + traceId).hasSize(1);
		return JSON.readTree(events.get(0));
	}

	private static int countOf(List<String> traceIds) throws SQLException {
		List<String> rows = rows("select id::text from audit_event where event::jsonb ->> 'trace_id' = any (?)",
				(Object) traceIds.toArray(String[]::new));
		return rows.size();
	}

	private static List<String> rows(String sql, Object... parameters) throws SQLException {
		try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				if (parameters[i] instanceof String[] array) {
					statement.setArray(i + 1, connection.createArrayOf("text", array));
				}
				else {
					statement.setObject(i + 1, parameters[i]);
				}
			}
			List<String> rows = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.add(result.getString(1));
				}
			}
			return rows;
		}
	}

}
