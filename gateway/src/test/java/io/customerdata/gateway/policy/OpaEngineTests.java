package io.customerdata.gateway.policy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway with {@code gateway.policy.engine=opa}, shadowed by the embedded evaluator,
 * against a local server playing OPA: OPA's decisions are the ones enforced, a
 * disagreement is counted, and an OPA that fails means no data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.policy.engine=opa", "gateway.policy.shadow=embedded" })
class OpaEngineTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	static final EmbeddedPolicyDecisionPoint truth = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(),
			10);

	static final AtomicReference<String> mode = new AtomicReference<>("decide");

	static final AtomicInteger asked = new AtomicInteger();

	static final HttpServer opa = Servers.start(() -> {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext(OpaPolicyDecisionPoint.DECISION_PATH, OpaEngineTests::answer);
		server.start();
		return server;
	});

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.federation.sources.crm.base-url", crm::baseUrl);
		registry.add("gateway.policy.opa.url", () -> "http://127.0.0.1:" + opa.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		issuer.close();
		crm.close();
		opa.stop(0);
	}

	@Test
	void opasDecisionsAreEnforcedAndDisagreementsCounted() {
		mode.set("decide");
		int before = asked.get();
		get("account-management", "EMEA").expectStatus().isOk();
		assertThat(asked.get()).as("OPA was asked").isGreaterThan(before);
		assertThat(disagreements()).isZero();

		mode.set("disagree");
		assertProblem(get("sales-followup", "EMEA"), 403, "policy-denied");
		await().atMost(Duration.ofSeconds(5)).until(() -> disagreements() > 0);
	}

	@Test
	void anOpaThatFailsMeansNoData() {
		mode.set("fail");
		assertProblem(get("account-management", "APAC"), 503, "policy-unavailable");
		assertThat(this.meters.get("gateway.policy.decisions")
			.tags("engine", "opa", "outcome", "deny", "reason", "evaluation-error")
			.counter()
			.count()).isPositive();
	}

	private WebTestClient.ResponseSpec get(String purpose, String region) {
		return LoopbackClient.on(this.port).get().uri("/api/v1/departments/crm/accounts/ACC-1").headers((h) -> {
			h.setBearerAuth(issuer.token("alice", "sales-rep", "sales", region));
			h.set("X-Purpose", purpose);
		}).exchange();
	}

	private double disagreements() {
		var counter = this.meters.find("gateway.policy.disagreements").counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** The embedded evaluator's decision, a contrary one, or a failure. */
	static void answer(HttpExchange exchange) throws IOException {
		asked.incrementAndGet();
		String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		PolicyInput input = JSON.treeToValue(JSON.readTree(request).get("input"), PolicyInput.class);
		ObjectNode decision = JSON.valueToTree(truth.decideNow(input));
		if (mode.get().equals("disagree")) {
			decision.put("allow", false).put("reason", "no-grant").putObject("sources");
		}
		int status = mode.get().equals("fail") ? 500 : 200;
		byte[] body = (status == 200) ? JSON.writeValueAsBytes(JSON.createObjectNode().set("result", decision))
				: "{\"code\":\"internal_error\"}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
