package io.customerdata.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.Servers;
import io.customerdata.gateway.testing.StubDepartment;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway over real HTTP, with a local token issuer and stub departments in
 * place of Keycloak and the sample applications. The stubs answer any path, so here any
 * path is an operation of theirs ({@code PassThroughOperationsIT} tests the allowlist).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.limits.max-body-size=8KB",
				"gateway.federation.sources.crm.pass-through.operations.any-read.method=GET",
				"gateway.federation.sources.crm.pass-through.operations.any-read.path=/**",
				"gateway.federation.sources.crm.pass-through.operations.any-write.method=POST",
				"gateway.federation.sources.crm.pass-through.operations.any-write.path=/**",
				"gateway.federation.sources.support.pass-through.operations.any-read.method=GET",
				"gateway.federation.sources.support.pass-through.operations.any-read.path=/**",
				"gateway.federation.sources.support.pass-through.operations.any-write.method=POST",
				"gateway.federation.sources.support.pass-through.operations.any-write.path=/**" })
class GatewayHttpTests {

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final StubDepartment crm = Servers.start(StubDepartment::new);

	static final StubDepartment support = Servers.start(StubDepartment::new);

	static final String REQUESTER = """
			{"id": %d, "name": "Tommy Hoppe", "email": "tommy@x.example", "region": "EMEA",
			 "customFields": {"sensitivity": "%s"}, "csat": {"score": 2.8}}""";

	static final String TICKETS = """
			{"tickets": [{"id": 4000000, "requesterId": %d, "subject": "Cannot log in", "status": "open",
			              "description": "Password reset mail never arrives", "priority": "high",
			              "createdAt": "2025-08-05T01:05:00Z"}]}""";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient client;

	String alice;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.federation.sources.crm.base-url", crm::baseUrl);
		registry.add("gateway.federation.sources.support.base-url", support::baseUrl);
		registry.add("gateway.federation.sources.marketing.base-url", () -> "http://127.0.0.1:9");
		registry.add("gateway.federation.sources.marketing.department", () -> "sales");
		registry.add("gateway.federation.sources.crm.response-timeout", () -> "500ms");
	}

	@BeforeEach
	void setUp() {
		this.client = LoopbackClient.on(this.port);
		this.alice = issuer.token("alice", "sales-rep", "sales", "EMEA");
	}

	@AfterAll
	static void stop() {
		issuer.close();
		crm.close();
		support.close();
	}

	@Test
	void callerReachesItsOwnDepartmentsApplication() {
		get("/api/v1/departments/crm/accounts/ACC-1", this.alice).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/accounts/ACC-1");
	}

	@Test
	void withoutATokenTheAnswerIsAProblemWithAChallenge() {
		this.client.get()
			.uri("/api/v1/departments/crm/accounts")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"customer-data\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:customer-data-gateway:problem:unauthenticated")
			.jsonPath("$.code")
			.isEqualTo("unauthenticated")
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.traceId")
			.value((traceId) -> assertThat((String) traceId).matches("[0-9a-f]{32}"));
	}

	@Test
	void anInvalidTokenIsRejectedAsSuch() {
		get("/api/v1/departments/crm/accounts", issuer.unsignedToken("alice")).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"customer-data\", error=\"invalid_token\"");
	}

	@Test
	void anotherDepartmentsAnswerArrivesFilteredByTheGrants() {
		support.answer("/api/v2/requesters/7", REQUESTER.formatted(7, "standard"))
			.answer("/api/v2/requesters/7/tickets", TICKETS.formatted(7));

		get("/api/v1/departments/support/api/v2/requesters/7/tickets", this.alice).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Fields-Withheld", "5")
			.expectBody()
			.json("""
					{"tickets": [{"subject": "Cannot log in", "status": "open"}]}""", JsonCompareMode.STRICT);
	}

	@Test
	void aSubResourceIsDecidedForTheCustomerItBelongsTo() {
		support.answer("/api/v2/requesters/8", REQUESTER.formatted(8, "restricted"))
			.answer("/api/v2/requesters/8/tickets", TICKETS.formatted(8));

		assertProblem(get("/api/v1/departments/support/api/v2/requesters/8/tickets", this.alice), 403, "policy-denied");
	}

	@Test
	void onlyTheDepartmentInChargeChangesASourcesData() {
		assertProblem(post("/api/v1/departments/support/echo", this.alice), 403, "policy-denied");
		post("/api/v1/departments/crm/echo", this.alice).expectStatus().isOk();
	}

	@Test
	void anAnswerThatCannotBeFilteredRecordByRecordReachesNobody() {
		crm.answer("/export.csv", "text/csv", "id,name\n1,Tommy Hoppe\n");
		support.answer("/export.csv", "text/csv", "id,name\n1,Tommy Hoppe\n");

		for (String source : new String[] { "crm", "support" }) {
			assertProblem(get("/api/v1/departments/" + source + "/export.csv", this.alice), 403, "policy-denied");
		}
	}

	@Test
	void callersWithoutAPurposeOrAGrantReachNoApplication() {
		String sam = issuer.token("sam", "security-officer", "security", "EMEA", (c) -> c.claim("department", null));
		assertProblem(get("/api/v1/departments/crm/accounts", sam), 400, "purpose-required");
		assertProblem(this.client.get().uri("/api/v1/departments/crm/accounts").headers((h) -> {
			h.setBearerAuth(sam);
			h.set("X-Purpose", "account-management");
		}).exchange(), 403, "policy-denied");
		assertProblem(this.client.get().uri("/api/v1/departments/crm/accounts").headers((h) -> {
			h.setBearerAuth(this.alice);
			h.set("X-Purpose", "gossip");
		}).exchange(), 400, "unknown-purpose");
	}

	@Test
	void traversalCannotReachAnotherDepartment() {
		for (String path : new String[] { "/api/v1/departments/crm/../support/echo",
				"/api/v1/departments/crm/%2e%2e/support/echo", "/api/v1/departments/crm/.%2E/support/echo",
				"//api/v1/departments/crm/../../departments/support/echo" }) {
			assertProblem(post(path, this.alice), 403, "policy-denied");
			get(path, this.alice).expectStatus().isOk().expectBody().json("{}", JsonCompareMode.STRICT);
		}
		assertProblem(get("/api/v1/departments/crm%2F..%2Fsupport/echo", this.alice), 400, "bad-request");
	}

	@Test
	void forgedIdentityHeadersNeverReachTheUpstream() {
		this.client.get().uri("/api/v1/departments/crm/echo").headers((headers) -> {
			headers.setBearerAuth(this.alice);
			headers.add("X-User-Id", "mallory");
			headers.add("X-Subject", "mallory");
			headers.add("X-Forwarded-User", "mallory");
			headers.add("X-Gateway-Department", "support");
			headers.add("Cookie", "session=mallory");
		})
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers['x-gateway-subject']")
			.isEqualTo("alice")
			.jsonPath("$.headers['x-gateway-department']")
			.isEqualTo("sales")
			.jsonPath("$.headers['x-user-id']")
			.doesNotExist()
			.jsonPath("$.headers['x-subject']")
			.doesNotExist()
			.jsonPath("$.headers['x-forwarded-user']")
			.doesNotExist()
			.jsonPath("$.headers['authorization']")
			.doesNotExist()
			.jsonPath("$.headers['cookie']")
			.doesNotExist()
			.jsonPath("$.headers['traceparent']")
			.value((traceparent) -> assertThat((String) traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
	}

	@Test
	void spansAreExportedOnlyWhenAnEndpointIsConfigured(@Autowired ObjectProvider<SpanExporter> exporters) {
		assertThat(exporters.stream()).isEmpty();
	}

	@Test
	void upstreamErrorBodiesNeverReachTheCaller() {
		for (int status : new int[] { 500, 503, 400 }) {
			byte[] body = get("/api/v1/departments/crm/fail/" + status, this.alice).expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.returnResult()
				.getResponseBody();
			assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("hunter2").doesNotContain("Exception");
		}
		assertProblem(get("/api/v1/departments/crm/fail/500", this.alice), 502, "upstream-error");
		assertProblem(get("/api/v1/departments/crm/fail/503", this.alice), 503, "upstream-unavailable");
		assertProblem(get("/api/v1/departments/crm/fail/400", this.alice), 400, "upstream-rejected");
		assertProblem(get("/api/v1/departments/crm/fail/404", this.alice), 404, "not-found");
	}

	@Test
	void anUnreachableDepartmentIsABadGateway() {
		assertProblem(get("/api/v1/departments/marketing/contacts", this.alice), 502, "upstream-unreachable");
	}

	@Test
	void aDepartmentSlowerThanItsTimeoutIsAGatewayTimeout() {
		assertProblem(get("/api/v1/departments/crm/slow/2000", this.alice), 504, "upstream-timeout");
	}

	@Test
	void unknownPathsAreNotFound() {
		assertProblem(get("/api/v1/nowhere", this.alice), 404, "not-found");
	}

	@Test
	void onlyTheUsualMethodsAreAllowed() {
		assertProblem(this.client.method(HttpMethod.valueOf("TRACE"))
			.uri("/api/v1/departments/crm/accounts")
			.headers((h) -> h.setBearerAuth(this.alice))
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET,HEAD,POST,PUT,PATCH,DELETE"), 405, "method-not-allowed");
	}

	@Test
	void bodiesMustBeJson() {
		assertProblem(this.client.post()
			.uri("/api/v1/departments/crm/accounts/ACC-1/notes")
			.headers((h) -> h.setBearerAuth(this.alice))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange(), 415, "unsupported-media-type");
		this.client.post()
			.uri("/api/v1/departments/crm/accounts/ACC-1/notes")
			.headers((h) -> h.setBearerAuth(this.alice))
			.contentType(MediaType.valueOf("application/merge-patch+json"))
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void oversizedBodiesAreRefusedWithOrWithoutContentLength() {
		assertProblem(this.client.post()
			.uri("/api/v1/departments/crm/accounts/ACC-1/notes")
			.headers((h) -> h.setBearerAuth(this.alice))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"" + "x".repeat(9000) + "\"}")
			.exchange(), 413, "payload-too-large");
		Flux<DataBuffer> chunked = Flux.range(0, 20)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap("x".repeat(1000).getBytes(StandardCharsets.UTF_8)));
		assertProblem(this.client.post()
			.uri("/api/v1/departments/crm/accounts/ACC-1/notes")
			.headers((h) -> h.setBearerAuth(this.alice))
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunked, DataBuffer.class)
			.exchange(), 413, "payload-too-large");
	}

	/**
	 * Browsers run a module only with a JavaScript type (Spring Security sends
	 * {@code nosniff}), under the console's policy, and never from their cache: modules
	 * of an older release mixed with a newer entry module would fail to link.
	 */
	@Test
	void theConsolesModulesAreServedAsJavaScriptUnderItsPolicyAndUncached() {
		for (String module : List.of("/console/main.js", "/console/views/versions.js")) {
			this.client.get()
				.uri(module)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("text/javascript")
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.value("Content-Security-Policy", (policy) -> assertThat(policy).contains("script-src 'self';"))
				.expectHeader()
				.value(HttpHeaders.CACHE_CONTROL, (cache) -> assertThat(cache).contains("no-store"));
		}
	}

	@Test
	void healthAndMetricsAreOnTheManagementPortOnly() {
		WebTestClient management = LoopbackClient.on(this.managementPort);
		management.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		get("/actuator/health", this.alice).expectStatus().isNotFound();
	}

	@Test
	void trafficShowsInMetricsWithBoundedTags() {
		support.answer("/api/v2/requesters/9", REQUESTER.formatted(9, "standard"))
			.answer("/api/v2/requesters/9/tickets", TICKETS.formatted(9));
		get("/api/v1/departments/support/api/v2/requesters/9/tickets", this.alice).expectStatus().isOk();
		get("/api/v1/departments/support/api/v2/requesters/9/tickets", this.alice).expectStatus().isOk();
		get("/api/v1/customers/crm:ACC-1", this.alice).expectStatus().isNotFound();

		String scrape = new String(LoopbackClient.on(this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);

		assertThat(scrape)
			.containsPattern("http_server_requests_seconds_count\\{.*uri=\"/api/v1/customers/\\{reference}\"")
			.containsPattern("spring_cloud_gateway_requests_seconds_count\\{.*routeId=\"department-support\"")
			.containsPattern(
					"gateway_source_requests_seconds_count\\{error=\"none\",lookup=\"id\",outcome=\"ok\",source=\"crm\"")
			.containsPattern(
					"gateway_policy_decisions_total\\{engine=\"embedded\",outcome=\"allow\",reason=\"granted\"")
			.containsPattern("gateway_policy_decision_latency_seconds_bucket\\{engine=\"embedded\"")
			.containsPattern("gateway_policy_cache_total\\{engine=\"embedded\",result=\"hit\"} [1-9]")
			.containsPattern("gateway_fields_total\\{source=\"support\",view=\"withheld\"} [1-9]")
			.containsPattern("gateway_fields_total\\{source=\"support\",view=\"disclosed\"} [1-9]")
			.containsPattern("resilience4j_circuitbreaker_state\\{name=\"crm\",state=\"closed\"} 1")
			.contains("gateway_audit_spool_depth")
			.containsPattern("gateway_audit_events_total\\{outcome=\"written\"} [1-9]");
		assertThat(scrape).as("no raw paths or customer ids in tags")
			.doesNotContain("ACC-1")
			.doesNotContain("requesters/9");
	}

	private WebTestClient.ResponseSpec post(String path, String token) {
		return this.client.post()
			.uri(URI.create("http://127.0.0.1:" + this.port + path))
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange();
	}

	private WebTestClient.ResponseSpec get(String path, String token) {
		return this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + path))
			.headers((h) -> h.setBearerAuth(token))
			.exchange();
	}

}
