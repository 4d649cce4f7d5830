package io.customerdata.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;

/**
 * With {@code gateway.policy.bundle.token}, the OPA bundle goes only to a poll that
 * presents that token; the token is read from its file, so a rotated one is taken up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class BundleAuthenticationTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final Path token = Servers.start(() -> {
		Path file = Files.createTempFile("bundle-token", "");
		Files.writeString(file, "test-only-bundle-token\n");
		return file;
	});

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.policy.bundle.token", () -> "file:" + token);
	}

	@AfterAll
	static void stop() throws IOException {
		issuer.close();
		Files.delete(token);
	}

	@Test
	void theBundleGoesOnlyToAPollWithTheToken() {
		assertProblem(poll(null), 401, "unauthenticated");
		assertProblem(poll("Bearer wrong-token"), 401, "unauthenticated");
		assertProblem(poll("test-only-bundle-token"), 401, "unauthenticated");
		assertProblem(poll("Bearer " + issuer.token("alice", "sales-rep", "sales", "EMEA")), 401, "unauthenticated");

		poll("Bearer test-only-bundle-token").expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/gzip")
			.expectHeader()
			.exists("ETag");
	}

	private WebTestClient.ResponseSpec poll(String authorization) {
		return LoopbackClient.on(this.port).get().uri(OpaBundleController.PATH).headers((headers) -> {
			if (authorization != null) {
				headers.set("Authorization", authorization);
			}
		}).exchange();
	}

}
