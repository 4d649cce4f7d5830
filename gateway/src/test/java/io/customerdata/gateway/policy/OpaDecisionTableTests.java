package io.customerdata.gateway.policy;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One contract, two engines: every case of {@code policies/decisions/} against Open
 * Policy Agent running the Rego policy in {@code policies/}, and OPA's whole decision
 * against the embedded evaluator's, field for field. Uses the OPA at {@code OPA_URL}, or
 * starts {@code opa run --server} on loopback with {@code policies/} when an {@code opa}
 * binary is on the PATH; skipped, saying so, when there is neither.
 */
class OpaDecisionTableTests {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final CompiledPolicy embedded = PolicyFixtures.shippedPolicy();

	static final String NO_OPA = "no Open Policy Agent to check the Rego policy against: set OPA_URL to an OPA "
			+ "serving policies/, or put an opa binary on the PATH";

	static String opaUrl;

	static Process opa;

	@BeforeAll
	static void findOrStartOpa() throws Exception {
		String configured = System.getenv("OPA_URL");
		if (configured != null && !configured.isBlank()) {
			opaUrl = configured.replaceAll("/+$", "");
			return;
		}
		Optional<Path> binary = onPath("opa");
		if (binary.isEmpty()) {
			// Once in the build log, and on each skipped case.
			System.err.println("OpaDecisionTableTests skipped: " + NO_OPA);
			return;
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		File log = Files.createTempFile("opa", ".log").toFile();
		opa = new ProcessBuilder(binary.get().toString(), "run", "--server", "--addr", "127.0.0.1:" + port,
				PolicyFixtures.POLICIES.toAbsolutePath().toString())
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		opaUrl = "http://127.0.0.1:" + port;
		await("opa healthy; see " + log).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				assertThat(opa.isAlive()).as("opa run exited; see " + log).isTrue();
				return healthy();
			});
	}

	@AfterAll
	static void stopOpa() {
		if (opa != null) {
			opa.destroy();
		}
	}

	static Stream<DecisionTable.Case> cases() throws IOException {
		return DecisionTable.load(PolicyFixtures.POLICIES.resolve("decisions"), PolicyFixtures.JSON).stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void opaDecidesAsTheTableSaysAndExactlyAsTheEmbeddedEvaluator(DecisionTable.Case c) throws Exception {
		Assumptions.assumeTrue(opaUrl != null, NO_OPA);
		publishGrants(c.personalGrants().isMissingNode() ? PolicyFixtures.JSON.createObjectNode() : c.personalGrants());
		JsonNode decision = decide(c.input());

		assertThat(DecisionTable.mismatches(c.expect(), decision)).isEmpty();
		assertThat(decision).isEqualTo(PolicyFixtures.JSON.valueToTree(c.decide(embedded, PolicyFixtures.JSON)));
	}

	/** The case's personal grants, where the gateway's bundle puts them. */
	private static void publishGrants(JsonNode grants) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create(opaUrl + "/v1/data/customer_gateway/personal_grants"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(PolicyFixtures.JSON.writeValueAsString(grants)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}

	private static JsonNode decide(JsonNode input) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create(opaUrl + OpaPolicyDecisionPoint.DECISION_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(PolicyFixtures.JSON.writeValueAsString(Map.of("input", input))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode result = PolicyFixtures.JSON.readTree(response.body()).path("result");
		assertThat(result.isObject()).as("a defined decision: " + response.body()).isTrue();
		return result;
	}

	private static boolean healthy() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(opaUrl + "/health")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Optional<Path> onPath(String name) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
