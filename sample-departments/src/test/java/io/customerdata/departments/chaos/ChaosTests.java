package io.customerdata.departments.chaos;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "department.name=crm", "department.population.size=10", "department.error-rate=1" })
@AutoConfigureWebTestClient
class ChaosTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Chaos chaos;

	@Test
	void errorRateOfOneFailsEveryRequestUntilChanged() {
		this.client.get().uri("/accounts/ACC-000001").exchange().expectStatus().isEqualTo(503);
		this.chaos.change(new Chaos.Settings(java.time.Duration.ofMillis(300), 0));
		long start = System.nanoTime();
		this.client.get().uri("/accounts/ACC-000001").exchange().expectStatus().isOk();
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000_000L);
	}

}
