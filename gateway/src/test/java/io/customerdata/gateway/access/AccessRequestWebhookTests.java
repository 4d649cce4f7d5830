package io.customerdata.gateway.access;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.customerdata.gateway.testing.ScriptedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook against a local receiver over real HTTP: signed events a receiver can
 * check, retried with backoff after failures, given up after the configured attempts, and
 * never a customer's values or identity.
 */
class AccessRequestWebhookTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String SECRET = "demo-only-webhook-secret";

	static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	static final AccessRequest REQUEST = new AccessRequest("0193a1f0-request",
			new AccessRequest.Requester("carol-id", "carol", List.of("support-agent"), "support", "EMEA"),
			List.of("crm:sales.deals[].amount"), "support-case", "crm:ACC-000042",
			"Customer disputes an invoice for the Q3 renewal", Duration.ofDays(1), AccessRequest.Status.PENDING, NOW,
			NOW.plus(Duration.ofDays(7)), null, null, null, null, null, null, null, null);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void theReceiverGetsASignedEventItCanCheck() {
		try (ScriptedServer receiver = new ScriptedServer((request) -> ScriptedServer.Reply.status(204))) {
			StepVerifier.create(webhook(receiver, 3).deliver("access-request.created", REQUEST)).verifyComplete();

			ScriptedServer.Request delivered = receiver.requests().get(0);
			JsonNode event = JSON.readTree(delivered.body());
			assertThat(event.path("type").asString()).isEqualTo("access-request.created");
			assertThat(event.at("/request/id").asString()).isEqualTo(REQUEST.id());
			assertThat(event.at("/request/fields/0").asString()).isEqualTo("crm:sales.deals[].amount");
			assertThat(event.at("/request/requester").asString()).isEqualTo("carol");
			assertThat(event.at("/request/for_one_customer").asBoolean()).isTrue();
			assertThat(delivered.body()).as("no customer, no free text")
				.doesNotContain("ACC-000042")
				.doesNotContain("invoice");
			assertThat(delivered.header("x-gateway-event-id")).isEqualTo(event.path("id").asString());
			String signature = delivered.header("x-gateway-signature");
			long t = Long.parseLong(signature.replaceAll("^t=(\\d+),v1=.*$", "$1"));
			assertThat(signature).isEqualTo(
					AccessRequestWebhook.signature(SECRET, t, delivered.body().getBytes(StandardCharsets.UTF_8)));
			assertThat(signature).isNotEqualTo(AccessRequestWebhook.signature("another secret", t,
					delivered.body().getBytes(StandardCharsets.UTF_8)));
			assertThat(this.meters.counter("gateway.access.webhook.deliveries", "outcome", "delivered").count())
				.isEqualTo(1);
		}
	}

	@Test
	void aFailedDeliveryIsRetriedWithTheSameEventIdUntilItIsTaken() {
		AtomicInteger calls = new AtomicInteger();
		try (ScriptedServer receiver = new ScriptedServer((request) -> switch (calls.incrementAndGet()) {
			case 1 -> ScriptedServer.Reply.status(503);
			case 2 -> ScriptedServer.Reply.status(429);
			default -> ScriptedServer.Reply.status(200);
		})) {
			StepVerifier.create(webhook(receiver, 5).deliver("access-request.decided", REQUEST)).verifyComplete();

			List<ScriptedServer.Request> attempts = receiver.requests();
			assertThat(attempts).hasSize(3);
			assertThat(attempts).extracting((attempt) -> attempt.header("x-gateway-event-id"))
				.containsOnly(attempts.get(0).header("x-gateway-event-id"));
			assertThat(this.meters.counter("gateway.access.webhook.deliveries", "outcome", "retried").count())
				.isEqualTo(2);
		}
	}

	@Test
	void aReceiverThatKeepsFailingIsGivenUpAfterTheAttemptsAndARefusalIsNotRetried() {
		try (ScriptedServer receiver = new ScriptedServer((request) -> ScriptedServer.Reply.status(500))) {
			StepVerifier.create(webhook(receiver, 3).deliver("access-request.decided", REQUEST)).verifyComplete();
			assertThat(receiver.requests()).hasSize(3);
			assertThat(this.meters.counter("gateway.access.webhook.deliveries", "outcome", "given-up").count())
				.isEqualTo(1);
		}
		try (ScriptedServer receiver = new ScriptedServer((request) -> ScriptedServer.Reply.status(400))) {
			StepVerifier.create(webhook(receiver, 3).deliver("access-request.decided", REQUEST)).verifyComplete();
			assertThat(receiver.requests()).as("a 400 will not get better").hasSize(1);
		}
	}

	private AccessRequestWebhook webhook(ScriptedServer receiver, int attempts) {
		AccessRequestProperties.Webhook properties = new AccessRequestProperties.Webhook(
				URI.create(receiver.baseUrl() + "/hooks/access"), "env:WEBHOOK_SECRET", attempts, Duration.ofMillis(20),
				Duration.ofMillis(100), Duration.ofSeconds(5));
		return new AccessRequestWebhook(WebClient.builder(), properties, JSON, Clock.systemUTC(), this.meters,
				Map.of("WEBHOOK_SECRET", SECRET));
	}

}
