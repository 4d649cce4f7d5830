package io.customerdata.gateway.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hot reload of a policy document on disk, and the OPA bundle that follows it: a valid
 * change is in force within the reload interval, for the embedded evaluator and the
 * bundle alike; an invalid one is refused and the version in force stays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"gateway.policy.source=file", "gateway.policy.reload-interval=100ms" })
class PolicyReloadAndBundleTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final Path document = copyOfShippedPolicy();

	static final Path bundleToken = Servers.start(() -> {
		Path file = Files.createTempFile("bundle-token", "");
		Files.writeString(file, "test-only-bundle-token\n");
		return file;
	});

	static final PolicyInput ALICE = new PolicyInput(new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA"),
			null, new PolicyInput.Customer("EMEA", false, Map.of()));

	@LocalServerPort
	int port;

	@Autowired
	PolicyDecisionPoint policy;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.policy.document", () -> "file:" + document);
		registry.add("gateway.policy.bundle.token", () -> "file:" + bundleToken);
	}

	@AfterAll
	static void stop() throws IOException {
		issuer.close();
		Files.delete(bundleToken);
	}

	@Test
	void aChangedDocumentIsInForceForDecisionsAndTheBundleAlike() throws IOException {
		Bundle before = bundle();
		assertThat(before.manifest().path("revision").asString()).isEqualTo(before.etag().replace("\"", ""));
		assertThat(before.manifest().path("roots")).isEqualTo(JSON.readTree("[\"customer_gateway\"]"));
		assertThat(before.manifest().path("rego_version").asInt()).isEqualTo(1);
		assertThat(before.files()).containsOnlyKeys(".manifest", "customer_gateway/policy/data.json",
				"customer_gateway/personal_grants/data.json", "customer_gateway/decision.rego");
		assertThat(JSON.readTree(before.files().get("customer_gateway/personal_grants/data.json")))
			.as("no personal grants yet")
			.isEqualTo(JSON.createObjectNode());
		assertThat(before.files().get("customer_gateway/decision.rego")).contains("package customer_gateway");
		assertThat(JSON.readTree(before.files().get("customer_gateway/policy/data.json")))
			.isEqualTo(JSON.readTree(document.toFile()));
		LoopbackClient.on(this.port)
			.get()
			.uri(OpaBundleController.PATH)
			.header(HttpHeaders.IF_NONE_MATCH, before.etag())
			.headers((headers) -> headers.setBearerAuth("test-only-bundle-token"))
			.exchange()
			.expectStatus()
			.isNotModified();

		write((policy) -> policy.put("version", "2026-11-25.2"));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.policy.decide(ALICE).block().policyVersion()).isEqualTo("2026-11-25.2");
			assertThat(bundle().etag()).isNotEqualTo(before.etag());
		});
		Bundle after = bundle();
		assertThat(after.manifest().at("/metadata/policy_version").asString()).isEqualTo("2026-11-25.2");
		assertThat(JSON.readTree(after.files().get("customer_gateway/policy/data.json")).path("version").asString())
			.isEqualTo("2026-11-25.2");
	}

	@Test
	void anInvalidDocumentIsRefusedAndTheVersionInForceStays() throws IOException {
		String inForce = this.policy.decide(ALICE).block().policyVersion();
		String etag = bundle().etag();
		double refusedBefore = refused();

		byte[] valid = Files.readAllBytes(document);
		try {
			write((policy) -> policy.withArray("grants").addObject().put("id", "broken").put("source", "nowhere"));

			await().atMost(Duration.ofSeconds(5)).until(() -> refused() > refusedBefore);
			assertThat(this.policy.decide(ALICE).block().policyVersion()).isEqualTo(inForce);
			assertThat(bundle().etag()).isEqualTo(etag);
		}
		finally {
			Files.write(document, valid);
		}
	}

	private double refused() {
		var counter = this.meters.find("gateway.policy.reloads").tag("outcome", "refused").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private record Bundle(String etag, Map<String, String> files, JsonNode manifest) {
	}

	private Bundle bundle() throws IOException {
		EntityExchangeResult<byte[]> result = LoopbackClient.on(this.port)
			.get()
			.uri(OpaBundleController.PATH)
			.headers((headers) -> headers.setBearerAuth("test-only-bundle-token"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/gzip")
			.expectBody()
			.returnResult();
		Map<String, String> files = new LinkedHashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new GzipCompressorInputStream(new ByteArrayInputStream(result.getResponseBody())))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return new Bundle(result.getResponseHeaders().getETag(), files, JSON.readTree(files.get(".manifest")));
	}

	private static void write(java.util.function.Consumer<ObjectNode> change) throws IOException {
		ObjectNode policy = (ObjectNode) JSON.readTree(document.toFile());
		change.accept(policy);
		Path next = Files.createTempFile(document.getParent(), "policy", ".json");
		Files.writeString(next, JSON.writeValueAsString(policy));
		// Atomically, as a ConfigMap update or a careful editor does.
		Files.move(next, document, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	private static Path copyOfShippedPolicy() {
		try {
			Path copy = Files.createTempDirectory("policy").resolve("data.json");
			Files.copy(PolicyFixtures.DOCUMENT, copy);
			return copy;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
