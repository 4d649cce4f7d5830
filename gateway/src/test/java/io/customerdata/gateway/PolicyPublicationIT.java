package io.customerdata.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.testing.OwnEventLoops;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.json;
import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways on one PostgreSQL (127.0.0.1:5432, a schema of their own in database
 * {@code test}): a version published through one is in force on the other within 5
 * seconds, in its decisions and in the bundle it serves OPA; so is a personal grant
 * approved through one, and its revocation through the other.
 */
class PolicyPublicationIT {

	private static final Logger log = LoggerFactory.getLogger(PolicyPublicationIT.class);

	static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/test";

	static final String SCHEMA = "policy_it_" + UUID.randomUUID().toString().replace("-", "");

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	static final Path bundleToken = Servers.start(() -> {
		Path file = Files.createTempFile("bundle-token", "");
		Files.writeString(file, "test-only-bundle-token\n");
		return file;
	});

	@AfterAll
	static void stop() throws SQLException, IOException {
		issuer.close();
		crm.close();
		Files.delete(bundleToken);
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "")) {
			connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
		}
	}

	@Test
	void aVersionPublishedOnOneReplicaIsInForceOnTheOtherWithinFiveSeconds() {
		try (ConfigurableApplicationContext first = gateway(); ConfigurableApplicationContext second = gateway()) {
			String sam = issuer.token("sam", "security-officer", "security", "EMEA");
			String sue = issuer.token("sue", "security-officer", "security", "AMER");
			String alice = issuer.token("alice", "sales-rep", "sales", "EMEA");
			WebTestClient one = LoopbackClient.on(port(first));
			WebTestClient other = LoopbackClient.on(port(second));
			String before = policyVersion(other, alice);
			String bundleBefore = bundleRevision(other);

			JsonNode active = ok(
					one.get().uri("/admin/policies/active").headers((h) -> h.setBearerAuth(sam)).exchange());
			ObjectNode document = (ObjectNode) active.path("document").deepCopy();
			document.withObjectProperty("purposes").put("fraud-review", "Investigating suspected fraud.");
			long id = json(one.post()
				.uri("/admin/policies")
				.headers((h) -> h.setBearerAuth(sam))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(document.toString())
				.exchange(), 201).path("id").asLong();
			one.post()
				.uri("/admin/policies/" + id + "/submit")
				.headers((h) -> h.setBearerAuth(sam))
				.exchange()
				.expectStatus()
				.isOk();
			one.post()
				.uri("/admin/policies/" + id + "/approve")
				.headers((h) -> h.setBearerAuth(sue))
				.exchange()
				.expectStatus()
				.isOk();
			String published = ok(one.post()
				.uri("/admin/policies/" + id + "/publish")
				.headers((h) -> h.setBearerAuth(sam))
				.exchange()).path("version").asString();
			long publishedAt = System.nanoTime();
			assertThat(policyVersion(one, alice)).isEqualTo(published);

			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(policyVersion(other, alice)).isEqualTo(published));
			log.info("The other replica decided on version {} {} ms after it was published", published,
					(System.nanoTime() - publishedAt) / 1_000_000);
			assertThat(published).isNotEqualTo(before);
			assertThat(bundleRevision(other)).isNotEqualTo(bundleBefore).startsWith("\"" + published);
		}
	}

	@Test
	void aPersonalGrantApprovedOnOneReplicaIsInForceOnTheOtherWithinFiveSecondsAndSoIsItsRevocation() {
		try (ConfigurableApplicationContext first = gateway(); ConfigurableApplicationContext second = gateway()) {
			String carol = issuer.token("carol", "support-agent", "support", "EMEA");
			String sam = issuer.token("sam", "security-officer", "security", "EMEA");
			String sue = issuer.token("sue", "security-officer", "security", "AMER");
			WebTestClient one = LoopbackClient.on(port(first));
			WebTestClient other = LoopbackClient.on(port(second));
			String bundleBefore = bundleRevision(other);
			String id = json(one.post()
				.uri("/api/v1/access-requests")
				.headers((h) -> h.setBearerAuth(carol))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"fields\": [\"crm:sales.deals[].amount\"], \"purpose\": \"support-case\", "
						+ "\"duration\": \"P1D\", \"justification\": \"a disputed renewal\"}")
				.exchange(), 201).path("id").asString();
			ok(one.post()
				.uri("/admin/access-requests/" + id + "/approve")
				.headers((h) -> h.setBearerAuth(sam))
				.exchange());
			assertThat(amount(first)).as("on the approving replica at once").isEqualTo("allow");

			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(amount(second)).isEqualTo("allow"));
			assertThat(bundleRevision(other)).as("the bundle OPA polls").isNotEqualTo(bundleBefore);

			ok(other.post()
				.uri("/admin/access-requests/" + id + "/revoke")
				.headers((h) -> h.setBearerAuth(sue))
				.exchange());
			assertThat(amount(second)).isEqualTo("deny");
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(amount(first)).isEqualTo("deny"));
		}
	}

	/** What carol may see of deal amounts for a case, as the replica decides now. */
	private static String amount(ConfigurableApplicationContext gateway) {
		PolicyInput carol = new PolicyInput(
				new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA",
						UUID.nameUUIDFromBytes("carol".getBytes(StandardCharsets.UTF_8)).toString()),
				"support-case", new PolicyInput.Customer("EMEA", false, Map.of()));
		return gateway.getBean(EmbeddedPolicyDecisionPoint.class)
			.decideNow(carol)
			.sources()
			.get("crm")
			.get("sales.deals[].amount");
	}

	private static ConfigurableApplicationContext gateway() {
		return new SpringApplicationBuilder(CustomerDataGatewayApplication.class, OwnEventLoops.class).run(List.of(
				"--server.port=0", "--management.server.port=0", "--gateway.security.issuer-uri=" + issuer.issuer(),
				"--gateway.federation.sources.crm.base-url=" + crm.baseUrl(),
				"--spring.datasource.url=" + DATABASE + "?currentSchema=" + SCHEMA,
				"--spring.datasource.username=postgres", "--spring.flyway.default-schema=" + SCHEMA,
				"--gateway.policy.administration.poll-interval=1s", "--gateway.policy.bundle.token=file:" + bundleToken)
			.toArray(String[]::new));
	}

	/** The version the gateway's decision on a pass-through request reports. */
	private static String policyVersion(WebTestClient gateway, String token) {
		return gateway.get()
			.uri("/api/v1/departments/crm/accounts/ACC-1")
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Policy-Version");
	}

	private static String bundleRevision(WebTestClient gateway) {
		return gateway.get()
			.uri("/opa/bundles/customer-gateway.tar.gz")
			.headers((h) -> h.setBearerAuth("test-only-bundle-token"))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(byte[].class)
			.getResponseHeaders()
			.getETag();
	}

	private static int port(ConfigurableApplicationContext gateway) {
		return Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port"));
	}

}
