package io.customerdata.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.customerdata.gateway.CustomerDataGatewayApplication;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.OwnEventLoops;
import io.customerdata.gateway.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;

/**
 * With {@code gateway.policy.bundle.token}, the OPA bundle goes only to a poll that
 * presents that token; the token is read from its file, so a rotated one is taken up.
 * Without one, in any profile, it goes to no one: it carries the personal grants, who
 * holds which grant for which customer. (Before, it went to anyone.)
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

	@Test
	void withoutATokenConfiguredTheBundleGoesToNoOne() {
		try (ConfigurableApplicationContext tokenless = new SpringApplicationBuilder(
				CustomerDataGatewayApplication.class, OwnEventLoops.class)
			.run("--server.port=0", "--management.server.port=0", "--gateway.security.issuer-uri=" + issuer.issuer())) {
			int port = Integer.parseInt(tokenless.getEnvironment().getRequiredProperty("local.server.port"));

			assertProblem(poll(port, null), 401, "unauthenticated").jsonPath("$.detail")
				.isEqualTo("The policy bundle is served only with a bundle token, and none is configured.");
			assertProblem(poll(port, "Bearer test-only-bundle-token"), 401, "unauthenticated");
			assertProblem(poll(port, "Bearer " + issuer.token("sam", "security-officer", "security", "EMEA")), 401,
					"unauthenticated");
		}
	}

	private WebTestClient.ResponseSpec poll(String authorization) {
		return poll(this.port, authorization);
	}

	private static WebTestClient.ResponseSpec poll(int port, String authorization) {
		return LoopbackClient.on(port).get().uri(OpaBundleController.PATH).headers((headers) -> {
			if (authorization != null) {
				headers.set("Authorization", authorization);
			}
		}).exchange();
	}

}
