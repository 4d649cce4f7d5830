package io.customerdata.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.customerdata.gateway.observability.TimeOrderedId;
import io.customerdata.gateway.security.SecretReference;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Announces request events to one configured receiver, so that teams can route them to
 * Slack or e-mail: {@code access-request.created}, {@code access-request.decided} and
 * {@code access-grant.expiring-soon}. The body is JSON naming the request, its fields and
 * its purpose, never a customer's values nor which customer; the header
 * {@code X-Gateway-Signature: t=<unix seconds>,v1=<hex>} is the HMAC-SHA256 of
 * {@code <t>.<body>} with the configured secret, made afresh for each attempt. A failed
 * delivery (no answer, 5xx, 429) is retried with exponential backoff and jitter; every
 * attempt carries the same {@code X-Gateway-Event-Id}, so a receiver can drop duplicates.
 * Announcing never delays or fails the step it announces.
 */
public final class AccessRequestWebhook {

	public static final String SIGNATURE = "X-Gateway-Signature";

	public static final String EVENT_ID = "X-Gateway-Event-Id";

	private static final Logger log = LoggerFactory.getLogger(AccessRequestWebhook.class);

	private final @Nullable WebClient client;

	private final @Nullable SecretReference secret;

	private final AccessRequestProperties.Webhook properties;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	AccessRequestWebhook(WebClient.Builder clients, AccessRequestProperties.Webhook properties, JsonMapper json,
			Clock clock, MeterRegistry meters) {
		this(clients, properties, json, clock, meters, System.getenv());
	}

	/**
	 * @param environment where {@code env:} secret references are looked up
	 */
	AccessRequestWebhook(WebClient.Builder clients, AccessRequestProperties.Webhook properties, JsonMapper json,
			Clock clock, MeterRegistry meters, Map<String, String> environment) {
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.meters = meters;
		if (properties.url() == null) {
			this.client = null;
			this.secret = null;
			return;
		}
		if (properties.secret() == null) {
			throw new IllegalStateException("gateway.access-requests.webhook.url is set without "
					+ "gateway.access-requests.webhook.secret: announcements are always signed");
		}
		this.client = clients.clone().baseUrl(properties.url().toString()).build();
		this.secret = SecretReference.of(properties.secret(), environment, clock);
	}

	/** Sends the event in the background; the step it announces does not wait. */
	void announce(String type, AccessRequest request) {
		if (this.client != null) {
			deliver(type, request).subscribe();
		}
	}

	/** The delivery, with its retries; completes once delivered or given up. */
	Mono<Void> deliver(String type, AccessRequest request) {
		WebClient webClient = this.client;
		SecretReference key = this.secret;
		if (webClient == null || key == null) {
			return Mono.empty();
		}
		UUID id = TimeOrderedId.next();
		byte[] body = this.json.writeValueAsBytes(body(id, type, request));
		return key.value().flatMap((secretValue) -> {
			String signature = signature(secretValue, this.clock.instant().getEpochSecond(), body);
			return webClient.post()
				.contentType(MediaType.APPLICATION_JSON)
				.header(EVENT_ID, id.toString())
				.header(SIGNATURE, signature)
				.bodyValue(body)
				.retrieve()
				.toBodilessEntity()
				.timeout(this.properties.timeout());
		})
			.retryWhen(Retry.backoff(this.properties.attempts() - 1L, this.properties.firstBackoff())
				.maxBackoff(this.properties.maxBackoff())
				.filter(AccessRequestWebhook::worthRetrying)
				.doBeforeRetry((retry) -> count("retried")))
			.doOnSuccess((ok) -> count("delivered"))
			.onErrorResume((ex) -> {
				count("given-up");
				log.warn("Webhook {} for access request {} given up ({})", type, request.id(),
						ex.getClass().getSimpleName());
				return Mono.empty();
			})
			.then();
	}

	/**
	 * {@code t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">}: how a receiver
	 * checks that the gateway sent this body, and lately.
	 */
	static String signature(String secret, long epochSecond, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((epochSecond + ".").getBytes(StandardCharsets.UTF_8));
			return "t=" + epochSecond + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JVM", ex);
		}
	}

	private static boolean worthRetrying(Throwable ex) {
		if (ex instanceof WebClientResponseException response) {
			return response.getStatusCode().is5xxServerError() || response.getStatusCode().value() == 429;
		}
		return true;
	}

	private Map<String, Object> body(UUID id, String type, AccessRequest request) {
		Map<String, Object> about = new LinkedHashMap<>();
		about.put("id", request.id());
		about.put("status", request.status().code());
		about.put("requester", request.requester().username());
		about.put("requester_department", request.requester().department());
		about.put("fields", request.fields());
		about.put("purpose", request.purpose());
		about.put("for_one_customer", request.customer() != null);
		about.put("duration", io.customerdata.gateway.policy.AccessHints.iso(request.duration()));
		about.put("pending_until", request.pendingUntil());
		about.put("decided_by", request.decidedBy());
		about.put("grant_expires_at", request.grantExpiresAt());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("id", id.toString());
		event.put("type", type);
		event.put("occurred_at", this.clock.instant());
		event.put("request", about);
		return event;
	}

	private void count(String outcome) {
		this.meters.counter("gateway.access.webhook.deliveries", "outcome", outcome).increment();
	}

}
