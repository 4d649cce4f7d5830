package io.customerdata.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.customerdata.gateway.testing.GatewayImage;
import io.customerdata.gateway.testing.OwnDatabase;
import io.customerdata.gateway.testing.Podman;
import io.customerdata.gateway.testing.RealStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway's image, built by {@code image/build.sh} as docs/deployment.md says,
 * without a Docker daemon: layered so that a code change ships a small layer, labelled,
 * its SBOM beside it, and started as podman starts it with nothing writable but the
 * image's volumes: it runs as uid 65532 and becomes ready.
 */
class ImageBuildIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int PORT = Integer.getInteger("it.pod.port", 18480);

	static final int MANAGEMENT_PORT = Integer.getInteger("it.pod.management-port", 18490);

	static final String CONTAINER = "customer-gateway-image-it-" + PORT;

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static GatewayImage.Built image;

	static OwnDatabase database;

	@BeforeAll
	static void build() {
		String unavailable = Podman.unavailable();
		assumeTrue(unavailable == null, unavailable);
		image = GatewayImage.build();
	}

	@AfterAll
	static void removeContainer() throws SQLException {
		if (image != null) {
			Podman.run("rm", "--force", "--ignore", "--volumes", CONTAINER);
		}
		if (database != null) {
			database.close();
		}
	}

	@Test
	void isLabelledLayeredAndRunsAsTheNonRootUser() {
		JsonNode config = inspect(image.name());
		assertThat(config.at("/Config/User").asString()).isEqualTo("65532:65532");
		JsonNode labels = config.at("/Config/Labels");
		assertThat(labels.path("org.opencontainers.image.version").asString()).isEqualTo("0.1.0-SNAPSHOT");
		assertThat(labels.path("org.opencontainers.image.revision").asString()).matches("[0-9a-f]{40}(-dirty)?");
		assertThat(labels.path("org.opencontainers.image.base.name").asString())
			.isEqualTo("localhost/customer-data-gateway-base:java21-trixie");
		assertThat(config.at("/Config/Volumes").propertyNames()).containsExactlyInAnyOrder("/tmp",
				"/var/lib/customer-gateway/audit-spool");

		// Newest first: the class-data archive, the application (small), the rest of the
		// layers, then the libraries (the bulk, unchanged by a code change).
		List<Long> sizes = JSON.readTree(Podman.run("history", "--format", "json", image.name()))
			.valueStream()
			.map((layer) -> layer.path("size").asLong())
			.filter((size) -> size > 8192)
			.toList();
		assertThat(sizes).hasSizeGreaterThanOrEqualTo(4);
		assertThat(sizes.get(1)).as("the application layer").isLessThan(5_000_000);
		assertThat(sizes.get(2)).as("the libraries' layer").isGreaterThan(50_000_000);
	}

	@Test
	void hasItsSbomBeside() throws Exception {
		Path sbom = GatewayImage.OUTPUT.resolve("customer-data-gateway-0.1.0-SNAPSHOT.cdx.json");
		JsonNode bom = JSON.readTree(Files.readString(sbom));
		assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
		assertThat(bom.at("/metadata/component/name").asString()).isEqualTo("gateway");
		assertThat(bom.path("components").valueStream().map((component) -> component.path("name").asString()))
			.contains("spring-cloud-gateway-server-webflux", "postgresql", "netty-handler")
			.doesNotContain("junit-jupiter-api", "assertj-core");
	}

	@Test
	void startsWithAReadOnlyRootFileSystemAsUid65532() throws Exception {
		database = OwnDatabase.fresh("gateway_image_" + PORT);
		Podman.run("rm", "--force", "--ignore", "--volumes", CONTAINER);
		// --read-only-tmpfs=false: no tmpfs of podman's own; /tmp and the spool are the
		// image's volumes.
		Podman.run("run", "--detach", "--name", CONTAINER, "--network", "host", "--read-only",
				"--read-only-tmpfs=false", "--cap-drop", "ALL", "--memory", "768m", "--env", "SERVER_PORT=" + PORT,
				"--env", "MANAGEMENT_SERVER_PORT=" + MANAGEMENT_PORT, "--env",
				"SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:" + OwnDatabase.PORT + "/" + database.name(),
				"--env", "SPRING_DATASOURCE_USERNAME=postgres", "--env",
				"GATEWAY_SECURITY_ISSUER_URI=" + RealStack.ISSUER, image.name());

		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(inspect(CONTAINER).at("/State/Running").asBoolean()).as("running").isTrue();
			assertThat(readiness()).isEqualTo(200);
		});

		long pid = inspect(CONTAINER).at("/State/Pid").asLong();
		assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")))
			.filteredOn((line) -> line.startsWith("Uid:"))
			.singleElement()
			.asString()
			.matches("Uid:\\s+65532\\s+65532\\s+65532\\s+65532");
		assertThat(Podman.run("logs", CONTAINER)).contains("Started CustomerDataGatewayApplication");
	}

	private static JsonNode inspect(String object) {
		return JSON.readTree(Podman.run("inspect", object)).get(0);
	}

	private static int readiness() {
		try {
			return HTTP
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

}
