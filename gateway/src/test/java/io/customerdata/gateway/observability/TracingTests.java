package io.customerdata.gateway.observability;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.OtlpCollector;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an OTLP endpoint configured, a federated lookup reaches the collector as one
 * trace: the caller's, with a span per source lookup and the HTTP calls beneath it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"management.tracing.sampling.probability=1.0", "management.opentelemetry.tracing.export.schedule-delay=100ms" })
class TracingTests {

	static final OtlpCollector collector = Servers.start(OtlpCollector::new);

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	@LocalServerPort
	int port;

	WebTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", collector::tracesEndpoint);
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.federation.sources.crm.base-url", crm::baseUrl);
		registry.add("gateway.federation.sources.support.base-url", () -> "http://127.0.0.1:9");
		registry.add("gateway.federation.sources.marketing.base-url", () -> "http://127.0.0.1:9");
	}

	@AfterAll
	static void stop() {
		collector.close();
		issuer.close();
		crm.close();
	}

	@BeforeEach
	void setUp() {
		this.client = LoopbackClient.on(this.port);
	}

	@Test
	void aCallersTraceContinuesThroughTheGatewayToTheDepartment() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		this.client.get().uri("/api/v1/departments/crm/echo").headers((headers) -> {
			headers.setBearerAuth(issuer.token("alice", "sales-rep", "sales", "EMEA"));
			headers.add("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
		})
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Trace-Id", traceId)
			.expectBody()
			.jsonPath("$.headers['traceparent']")
			.value((traceparent) -> assertThat((String) traceparent).startsWith("00-" + traceId + "-")
				.doesNotContain("00f067aa0ba902b7"));
	}

	@Test
	void aProblemNamesTheTraceOfItsRequest() {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		assertProblem(this.client.get()
			.uri("/api/v1/departments/crm/accounts")
			.header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
			.exchange(), 401, "unauthenticated").jsonPath("$.traceId").isEqualTo(traceId);
		assertProblem(this.client.get()
			.uri("/api/v1/departments/crm/accounts")
			.header("traceparent", "00-" + "0".repeat(32) + "-b7ad6b7169203331-01")
			.exchange(), 401, "unauthenticated").jsonPath("$.traceId")
			.value((newTrace) -> assertThat((String) newTrace).isNotEqualTo("0".repeat(32)));
	}

	@Test
	void aFederatedLookupIsExportedAsOneTraceWithASpanPerSourceCall() {
		String traceId = "5b8efff798038103d269b633813fc60c";
		this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + "/api/v1/customers/crm:ACC-404"))
			.headers((headers) -> {
				headers.setBearerAuth(issuer.token("alice", "sales-rep", "sales", "EMEA"));
				headers.add("traceparent", "00-" + traceId + "-eee19b7ec3c1b174-01");
			})
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.valueEquals("X-Trace-Id", traceId);

		// OTLP is protobuf: the trace id travels as its 16 bytes, span names as UTF-8.
		byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			byte[] received = collector.received();
			assertThat(indexOf(received, traceIdBytes)).as("the caller's trace id").isNotNegative();
			assertThat(new String(received, StandardCharsets.ISO_8859_1)).contains("source crm id")
				.contains("http get")
				.contains("/api/v1/customers/{reference}")
				.as("Spring Security's per-stage spans are off: noise, and 12 % of throughput")
				.doesNotContain("security filterchain");
		});
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
