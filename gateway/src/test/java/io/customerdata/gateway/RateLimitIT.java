package io.customerdata.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.customerdata.gateway.testing.OwnEventLoops;
import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways sharing their rate limits through the real Redis (127.0.0.1:6379): a
 * subject's burst is counted across both, where in-memory buckets would grant each its
 * own.
 */
class RateLimitIT {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	@AfterAll
	static void stop() {
		issuer.close();
		crm.close();
	}

	@Test
	void replicasShareOneBucketPerSubject() {
		try (ConfigurableApplicationContext first = gateway(); ConfigurableApplicationContext second = gateway()) {
			// Warm both up as another subject and client: the measured requests must
			// follow
			// each other well within the one second a token takes to come back.
			String warmUp = issuer.token("warm-up-" + UUID.randomUUID(), "sales-rep", "sales", "EMEA",
					(c) -> c.claim("azp", "warm-up-" + UUID.randomUUID()));
			get(first, warmUp).expectStatus().isOk();
			get(second, warmUp).expectStatus().isOk();
			String token = issuer.token("user-" + UUID.randomUUID(), "sales-rep", "sales", "EMEA",
					(c) -> c.claim("azp", "client-" + UUID.randomUUID()));

			// Ten requests, alternating: shared buckets grant the burst of 4 (plus what
			// refills
			// meanwhile, 1 a second); buckets of their own would grant 8.
			long start = System.nanoTime();
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				statuses.add(get((i % 2 == 0) ? first : second, token).returnResult(String.class).getStatus().value());
			}
			long refilled = (System.nanoTime() - start) / 1_000_000_000L + 1;
			assertThat(statuses.subList(0, 4)).containsOnly(200);
			assertThat(statuses).filteredOn((status) -> status == 200)
				.hasSizeLessThanOrEqualTo((int) Math.min(7, 4 + refilled));
			assertThat(statuses).containsOnly(200, 429).contains(429);
		}
	}

	private static ConfigurableApplicationContext gateway() {
		return new SpringApplicationBuilder(CustomerDataGatewayApplication.class, OwnEventLoops.class).run(List
			.of("--server.port=0", "--management.server.port=0", "--gateway.security.issuer-uri=" + issuer.issuer(),
					"--gateway.federation.sources.crm.base-url=" + crm.baseUrl(), "--gateway.rate-limit.enabled=true",
					"--gateway.rate-limit.store=redis", "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=6379", "--gateway.rate-limit.subject.replenish-rate=1",
					"--gateway.rate-limit.subject.burst-capacity=4")
			.toArray(String[]::new));
	}

	private static WebTestClient.ResponseSpec get(ConfigurableApplicationContext gateway, String token) {
		return LoopbackClient.on(Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port")))
			.get()
			.uri("/api/v1/departments/crm/accounts/ACC-1")
			.headers((h) -> h.setBearerAuth(token))
			.exchange();
	}

}
