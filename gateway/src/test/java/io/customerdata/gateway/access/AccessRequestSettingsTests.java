package io.customerdata.gateway.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.ScriptedServer;
import io.customerdata.gateway.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings of access requests, over HTTP with a local issuer's tokens and the
 * gateway's clock in the test's hand: two approvals by two officers, a pending request
 * that expires undecided, and the webhook's announcements of each step, of the expiry and
 * of a grant about to end, signed with a key read from a file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.access-requests.approvals=2",
				"gateway.access-requests.pending-for=1h", "gateway.access-requests.sweep-interval=100ms",
				"gateway.access-requests.webhook.first-backoff=10ms" })
class AccessRequestSettingsTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final ScriptedServer receiver = new ScriptedServer((request) -> ScriptedServer.Reply.status(204));

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final MutableClock clock = new MutableClock(Instant.now());

	@LocalServerPort
	int port;

	@TestConfiguration
	static class GatewayClock {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return clock;
		}

	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		Path secret = Files.createTempFile("webhook", ".key");
		Files.writeString(secret, "demo-only-webhook-secret");
		registry.add("gateway.access-requests.webhook.url", () -> receiver.baseUrl() + "/hooks");
		registry.add("gateway.access-requests.webhook.secret", () -> "file:" + secret);
	}

	@AfterAll
	static void stop() {
		issuer.close();
		receiver.close();
	}

	@Test
	void aGrantTakesTwoDifferentOfficersAndIsAnnouncedAsItNearsItsEnd() {
		String id = file("carol");
		JsonNode endorsed = decide("sam", id, "approve", 200);
		assertThat(endorsed.path("status").asString()).as("one approval of two").isEqualTo("pending");
		assertThat(endorsed.path("first_approver").asString()).isEqualTo("sam");
		assertProblem(client("sam").post().uri("/admin/access-requests/" + id + "/approve").exchange(), 403,
				"four-eyes");
		JsonNode approved = decide("sue", id, "approve", 200);
		assertThat(approved.path("status").asString()).isEqualTo("approved");
		assertThat(approved.path("decided_by").asString()).isEqualTo("sue");

		await().pollDelay(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> announced(id).contains("access-request.decided"));
		assertThat(announced(id)).as("a day's grant, just approved, is not ending soon")
			.doesNotContain("access-grant.expiring-soon");
		clock.advance(Duration.ofHours(13));
		await().atMost(Duration.ofSeconds(10)).until(() -> announced(id).contains("access-grant.expiring-soon"));
		assertThat(announced(id)).containsSubsequence("access-request.created", "access-request.endorsed",
				"access-request.decided", "access-grant.expiring-soon");
		assertThat(receiver.requests()).allSatisfy((delivery) -> assertThat(delivery.header("x-gateway-signature"))
			.isEqualTo(AccessRequestWebhook.signature("demo-only-webhook-secret",
					Long.parseLong(delivery.header("x-gateway-signature").replaceAll("^t=(\\d+),.*$", "$1")),
					delivery.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
	}

	@Test
	void aRequestNobodyDecidesExpiresAndIsAnnounced() {
		String id = file("dan");
		clock.advance(Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> mine("dan", id).path("status").asString().equals("expired"));
		assertProblem(client("sue").post().uri("/admin/access-requests/" + id + "/approve").exchange(), 409,
				"access-request-state-conflict");
		await().atMost(Duration.ofSeconds(10)).until(() -> announced(id).contains("access-request.expired"));
	}

	private List<String> announced(String id) {
		return receiver.requests()
			.stream()
			.map((delivery) -> JSON.readTree(delivery.body()))
			.filter((event) -> event.at("/request/id").asString().equals(id))
			.map((event) -> event.path("type").asString())
			.toList();
	}

	private String file(String username) {
		return LoopbackClient.on(this.port)
			.post()
			.uri("/api/v1/access-requests")
			.headers((h) -> h.setBearerAuth(token(username)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"fields\": [\"crm:sales.deals[].amount\"], \"purpose\": \"support-case\", "
					+ "\"duration\": \"P1D\", \"justification\": \"a disputed renewal\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.path("id")
			.asString();
	}

	private JsonNode mine(String username, String id) {
		return client(username).get()
			.uri("/api/v1/access-requests/" + id)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private JsonNode decide(String officer, String id, String step, int status) {
		return client(officer).post()
			.uri("/admin/access-requests/" + id + "/" + step)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient client(String username) {
		String token = token(username);
		return LoopbackClient.on(this.port).mutate().defaultHeaders((h) -> h.setBearerAuth(token)).build();
	}

	private static String token(String username) {
		return switch (username) {
			case "sam" -> issuer.token("sam", "security-officer", "security", "EMEA");
			case "sue" -> issuer.token("sue", "security-officer", "security", "AMER");
			case "dan" -> issuer.token("dan", "support-agent", "support", "APAC");
			default -> issuer.token(username, "support-agent", "support", "EMEA");
		};
	}

}
