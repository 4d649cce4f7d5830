package io.customerdata.gateway;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metric labels come from closed sets: a hundred callers each sending a purpose, a
 * reference, a path and a department of their own add no series, neither to the request
 * metrics nor to the insights' gauges rolled up from their audit events. Before, each
 * distinct purpose became a series of {@code gateway_insights_unmet_demand}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class MetricCardinalityTests {

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
	void aHundredDistinctCallerValuesAddNoSeries() {
		for (int i = 0; i < 4; i++) {
			requests(i);
		}
		Set<String> before = series();

		for (int i = 4; i < 104; i++) {
			requests(i);
		}

		assertThat(series()).isEqualTo(before);
		assertThat(before).anyMatch((series) -> series.startsWith("gateway.insights.unmet.demand"))
			.anyMatch((series) -> series.startsWith("gateway.insights.shared.fields"))
			.anyMatch((series) -> series.contains("purpose=other"));
	}

	/**
	 * A caller of their own department, reading a record of its own, with a purpose of
	 * its own.
	 */
	private void requests(int i) {
		String token = issuer.token("user-" + i, "sales-rep", "dept-" + i, "EMEA");
		WebTestClient client = LoopbackClient.on(this.port).mutate().responseTimeout(Duration.ofSeconds(10)).build();
		client.get()
			.uri("/api/v1/departments/crm/accounts/ACC-" + i)
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk();
		client.get()
			.uri("/api/v1/customers/crm:ACC-" + i)
			.headers((h) -> h.setBearerAuth(token))
			.header("X-Purpose", "purpose-" + i)
			.exchange()
			.expectStatus()
			.isBadRequest();
		// Twice before the series are first counted: the first refresh's own request
		// metric is recorded by then.
		if (i == 1 || i == 3 || i == 103) {
			client.post()
				.uri("/admin/insights/refresh")
				.headers((h) -> h.setBearerAuth(issuer.token("sam", "security-officer", "security", "EMEA")))
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	/**
	 * Every series of the gateway's own meters and of the request metrics: a meter's name
	 * and its labels. (The JVM's come and go with its collector, not with callers.)
	 */
	private Set<String> series() {
		Set<String> series = new TreeSet<>();
		for (Meter meter : this.meters.getMeters()) {
			String name = meter.getId().getName();
			if (name.startsWith("gateway.") || name.startsWith("http.") || name.startsWith("spring.")) {
				series.add(name + meter.getId().getTags());
			}
		}
		return series;
	}

}
