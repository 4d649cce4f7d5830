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
		// Buckets refill at 1/s: warm the gateway up first, as another client, so that
		// the
		// measured requests follow each other within milliseconds.
		get(issuer.token("warm-up", "sales-rep", "sales", "EMEA", (c) -> c.claim("azp", "warm-up"))).expectStatus()
			.isOk();
		String first = issuer.token("user-" + UUID.randomUUID(), "sales-rep", "sales", "EMEA");
		String second = issuer.token("user-" + UUID.randomUUID(), "sales-rep", "sales", "EMEA");
		for (int i = 0; i < 3; i++) {
			get(first).expectStatus().isOk();
		}

		WebTestClient.ResponseSpec limited = get(first);
		limited.expectHeader().valueEquals("Retry-After", "1");
		assertProblem(limited, 429, "rate-limited");

		get(second).expectStatus().isOk();
		get(second).expectStatus().isOk();
		assertProblem(get(second), 429, "rate-limited");
		assertThat(this.meters.get("gateway.ratelimit.rejections").tag("scope", "subject").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get("gateway.ratelimit.rejections").tag("scope", "client").counter().count())
			.isEqualTo(1);
	}

	private WebTestClient.ResponseSpec get(String token) {
		return LoopbackClient.on(this.port)
			.get()
			.uri("/api/v1/departments/crm/accounts/ACC-1")
			.headers((h) -> h.setBearerAuth(token))
			.exchange();
	}

}
