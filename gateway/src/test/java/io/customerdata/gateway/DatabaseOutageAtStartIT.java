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
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A gateway (re)started while the real PostgreSQL is cut off: it serves with the policy
 * version the last run cached on its volume, says so in readiness and in a metric, audits
 * to its spool, and once the database is back migrates, catches up, and every answer's
 * event is in the database. Without a cached version there is nothing to enforce: it does
 * not start.
 */
class DatabaseOutageAtStartIT {

	static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final TcpProxy database = Servers.start(() -> new TcpProxy(5432));

	@AfterAll
	static void stop() throws Exception {
		database.close();
	}

	@Test
	void aGatewayStartedWithoutItsDatabaseServesWithTheCachedPolicyAndLosesNoEvent() throws Exception {
		Path volume = Files.createTempDirectory("gateway-volume");
		database.restore();
		String versionInForce;
		try (ConfigurableApplicationContext first = gateway(volume, "first")) {
			versionInForce = policyVersion(first);
		}
		assertThat(volume.resolve("policy-cache/policy-in-force.json")).exists();

		database.cut();
		try (ConfigurableApplicationContext second = gateway(volume, "second")) {
			JsonNode readiness = readiness(second);
			assertThat(readiness.path("status").asString()).isEqualTo("DEGRADED");
			assertThat(prometheus(second)).contains("gateway_database_available 0.0");

			List<String> served = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				EntityExchangeResult<byte[]> answer = read(second);
				assertThat(answer.getStatus().value()).isEqualTo(200);
				assertThat(answer.getResponseHeaders().getFirst("X-Policy-Version")).isEqualTo(versionInForce);
				served.add(answer.getResponseHeaders().getFirst("X-Trace-Id"));
			}
			assertThat(countOf(served)).as("spooled while the database is away").isZero();

			database.restore();
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(countOf(served)).isEqualTo(served.size()));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(readiness(second).path("status").asString()).isEqualTo("UP"));
			assertThat(prometheus(second)).contains("gateway_database_available 1.0");
		}
	}

	@Test
	void withNeitherDatabaseNorCachedPolicyItDoesNotStart() throws Exception {
		Path empty = Files.createTempDirectory("gateway-volume");
		database.cut();
		try {
			assertThatThrownBy(() -> gateway(empty, "uncached").close()).rootCause()
				.hasMessageContaining("no policy version is cached in")
				.hasMessageContaining("there is nothing to enforce");
		}
		finally {
			database.restore();
		}
	}

	private static EntityExchangeResult<byte[]> read(ConfigurableApplicationContext gateway) {
		return GatewayClient.of(gateway)
			.department("alice", null, "/crm/accounts/ACC-000001")
			.expectBody()
			.returnResult();
	}

	private static String policyVersion(ConfigurableApplicationContext gateway) {
		EntityExchangeResult<byte[]> answer = read(gateway);
		assertThat(answer.getStatus().value()).isEqualTo(200);
		return answer.getResponseHeaders().getFirst("X-Policy-Version");
	}

	private static JsonNode readiness(ConfigurableApplicationContext gateway) {
		EntityExchangeResult<byte[]> answer = GatewayClient.of(gateway)
			.management()
			.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(answer.getStatus().value()).as("ready, degraded or not").isEqualTo(200);
		return JSON.readTree(answer.getResponseBody());
	}

	private static String prometheus(ConfigurableApplicationContext gateway) {
		return new String(GatewayClient.of(gateway)
			.management()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseBody());
	}

	private static ConfigurableApplicationContext gateway(Path volume, String name) {
		return RealStack.startGateway("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/test",
				"spring.datasource.username=postgres", "gateway.audit.retry-interval=500ms",
				"gateway.audit.spool.directory=" + volume.resolve("spool-" + name),
				"gateway.policy.administration.cache-directory=" + volume.resolve("policy-cache"));
	}

	private static int countOf(List<String> traceIds) throws SQLException {
		try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from audit_event where event::jsonb ->> 'trace_id' = any (?)")) {
			statement.setArray(1, connection.createArrayOf("text", traceIds.toArray(String[]::new)));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
