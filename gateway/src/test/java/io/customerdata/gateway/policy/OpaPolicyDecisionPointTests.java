package io.customerdata.gateway.policy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OPA client against a local HTTP server playing OPA: the embedded evaluator's
 * decision when OPA is well, and every way OPA can fail, each a deny with
 * {@code evaluation-error} (which callers answer with 503 and no data).
 */
class OpaPolicyDecisionPointTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final PolicyInput CAROL = new PolicyInput(
			new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA"), "support-case",
			new PolicyInput.Customer("EMEA", false, Map.of()));

	final EmbeddedPolicyDecisionPoint embedded = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(), 10);

	final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.DECIDE);

	final AtomicInteger calls = new AtomicInteger();

	final AtomicReference<String> lastRequest = new AtomicReference<>();

	HttpServer opa;

	OpaPolicyDecisionPoint client;

	enum Behaviour {

		DECIDE, SLOW, ERROR, MALFORMED, UNDEFINED, NOT_A_DECISION

	}

	@BeforeEach
	void start() throws IOException {
		this.opa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.opa.createContext(OpaPolicyDecisionPoint.DECISION_PATH, this::answer);
		this.opa.start();
		this.client = client("http://127.0.0.1:" + this.opa.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		this.opa.stop(0);
	}

	@Test
	void asksOpasDataApiAndReturnsItsDecision() {
		Decision decision = this.client.decide(CAROL).block();

		assertThat(decision).isEqualTo(this.embedded.decideNow(CAROL));
		assertThat(JSON.readTree(this.lastRequest.get())).isEqualTo(JSON.readTree("""
				{"input": {"subject": {"roles": ["support-agent"], "department": "support", "region": "EMEA"},
				           "purpose": "support-case",
				           "customer": {"region": "EMEA", "restricted": false, "consents": {}},
				           "now": "2026-12-01T09:30:00Z"}}"""));
	}

	@Test
	void cachesDecisionsForTheVersionInForce() {
		this.client.decide(CAROL).block();
		this.client.decide(CAROL).block();

		assertThat(this.calls).hasValue(1);
	}

	@Test
	void everyFailureOfOpaIsADeny() {
		for (Behaviour failure : new Behaviour[] { Behaviour.SLOW, Behaviour.ERROR, Behaviour.MALFORMED,
				Behaviour.UNDEFINED, Behaviour.NOT_A_DECISION }) {
			this.behaviour.set(failure);
			OpaPolicyDecisionPoint fresh = client("http://127.0.0.1:" + this.opa.getAddress().getPort());
			long start = System.nanoTime();

			Decision decision = fresh.decide(CAROL).block();

			assertThat(decision.allow()).as(failure.name()).isFalse();
			assertThat(decision.reason()).as(failure.name()).isEqualTo(Decision.Reason.EVALUATION_ERROR);
			assertThat(decision.sources()).as(failure.name()).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as(failure.name())
				.isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void anUnreachableOpaIsADeny() {
		this.opa.stop(0);

		Decision decision = this.client.decide(CAROL).block();

		assertThat(decision.reason()).isEqualTo(Decision.Reason.EVALUATION_ERROR);
	}

	@Test
	void aFailingOpaOpensTheBreakerAndIsNoLongerAsked() {
		this.behaviour.set(Behaviour.ERROR);
		for (int i = 0; i < 10; i++) {
			PolicyInput distinct = new PolicyInput(CAROL.subject(), CAROL.purpose(),
					new PolicyInput.Customer("EMEA", false, Map.of("n" + i, true)));
			this.client.decide(distinct).block();
		}
		assertThat(this.client.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
		int asked = this.calls.get();

		Decision decision = this.client.decide(CAROL).block();

		assertThat(decision.reason()).isEqualTo(Decision.Reason.EVALUATION_ERROR);
		assertThat(this.calls).as("not asked while open").hasValue(asked);
	}

	private OpaPolicyDecisionPoint client(String url) {
		PolicyStore store = new PolicyStore(new PolicyReader(), new byte[0], read(), new SimpleMeterRegistry());
		return new OpaPolicyDecisionPoint(WebClient.builder(),
				new PolicyProperties.Opa(URI.create(url), Duration.ofMillis(300), 50, 10, 5, Duration.ofMinutes(1)),
				store, JSON, 100,
				java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T09:30:00Z"), java.time.ZoneOffset.UTC));
	}

	private static byte[] read() {
		try {
			return java.nio.file.Files.readAllBytes(PolicyFixtures.DOCUMENT);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.calls.incrementAndGet();
		String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		this.lastRequest.set(request);
		switch (this.behaviour.get()) {
			case DECIDE -> {
				PolicyInput input = JSON.treeToValue(JSON.readTree(request).get("input"), PolicyInput.class);
				respond(exchange, 200, "{\"result\": " + JSON.writeValueAsString(this.embedded.decideNow(input)) + "}");
			}
			case SLOW -> {
				// The fake OPA's own server thread answers after a second: four times the
				// client's timeout. Nothing in the test waits on it.
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				respond(exchange, 200, "{\"result\": {}}");
			}
			case ERROR -> respond(exchange, 500, "{\"code\": \"internal_error\"}");
			case MALFORMED -> respond(exchange, 200, "{\"result\": {\"allow\": tru");
			case UNDEFINED -> respond(exchange, 200, "{}");
			case NOT_A_DECISION -> respond(exchange, 200, "{\"result\": {\"allow\": true, \"reason\": \"because\"}}");
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
