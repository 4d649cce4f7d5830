package io.customerdata.gateway.ratelimit;

import java.util.UUID;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits in memory, one gateway: per subject, then per client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.rate-limit.enabled=true",
				"gateway.rate-limit.subject.replenish-rate=1", "gateway.rate-limit.subject.burst-capacity=3",
				"gateway.rate-limit.client.replenish-rate=1", "gateway.rate-limit.client.burst-capacity=5" })
class RateLimitTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.federation.sources.crm.base-url", crm::baseUrl);
	}

	@AfterAll
	static void stop() {
		issuer.close();
		crm.close();
	}

	@Test
	void aSubjectOverItsLimitGets429WithRetryAfterAndTheClientsLimitHoldsForAll() {
		// Buckets refill at 1/s: warm the gateway up first, as another client. On a busy
		// machine requests may take long enough for a token to refill meanwhile, so each
		// count allows for the seconds the requests took.
		get(issuer.token("warm-up", "sales-rep", "sales", "EMEA", (c) -> c.claim("azp", "warm-up"))).expectStatus()
			.isOk();
		String first = issuer.token("user-" + UUID.randomUUID(), "sales-rep", "sales", "EMEA");
		String second = issuer.token("user-" + UUID.randomUUID(), "sales-rep", "sales", "EMEA");
		long start = System.nanoTime();

		int firstPassed = passedUntilLimited(first);
		assertThat(firstPassed).as("the subject's burst of 3, and what refilled meanwhile")
			.isBetween(3, 3 + refilledSince(start));
		assertThat(rejections("subject")).isEqualTo(1);

		int secondPassed = passedUntilLimited(second);
		assertThat(firstPassed + secondPassed).as("the client's burst of 5 holds for both subjects")
			.isBetween(5, 5 + refilledSince(start));
		if (secondPassed < 3) {
			assertThat(rejections("client")).as("refused by the client's limit, not its own").isEqualTo(1);
		}
	}

	/** Requests until one is refused; that one is the rate-limited problem. */
	private int passedUntilLimited(String token) {
		for (int passed = 0; passed < 20; passed++) {
			WebTestClient.ResponseSpec response = get(token);
			if (response.returnResult(String.class).getStatus().value() == 429) {
				response.expectHeader().valueEquals("Retry-After", "1");
				assertProblem(response, 429, "rate-limited");
				return passed;
			}
		}
		throw new AssertionError("20 requests in a row were not limited");
	}

	private static int refilledSince(long start) {
		return (int) ((System.nanoTime() - start) / 1_000_000_000L) + 1;
	}

	private double rejections(String scope) {
		return this.meters.get("gateway.ratelimit.rejections").tag("scope", scope).counter().count();
	}

	private WebTestClient.ResponseSpec get(String token) {
		return LoopbackClient.on(this.port)
			.get()
			.uri("/api/v1/departments/crm/accounts/ACC-1")
			.headers((h) -> h.setBearerAuth(token))
			.exchange();
	}

}
