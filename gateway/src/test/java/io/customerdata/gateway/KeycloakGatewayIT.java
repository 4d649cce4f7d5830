package io.customerdata.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.KeycloakRealm;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against the real Keycloak and the real sample departments, each its own
 * process, started by failsafe through keycloak-realm/keycloak.sh and
 * sample-departments/departments.sh.
 */
@RealStackTest(properties = "gateway.security.clock-skew=0s")
class KeycloakGatewayIT {

	@Autowired
	GatewayClient gateway;

	@Test
	void eachDemoUserReachesTheirOwnDepartment() {
		this.gateway.department("alice", null, "/crm/accounts/ACC-000001")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.accountId")
			.isEqualTo("ACC-000001");
		this.gateway.department("bob", null, "/marketing/contacts?limit=1")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1);
		this.gateway.department("carol", null, "/support/api/v2/requesters/310000")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(310000);
	}

	@Test
	void withoutATokenTheAnswerIs401() {
		assertProblem(this.gateway.anonymous().get().uri("/api/v1/departments/crm/accounts").exchange(), 401,
				"unauthenticated");
	}

	@Test
	void anExpiredTokenIsRejected() {
		String shortLived = this.gateway.keycloak()
			.token("customer-data", this.gateway.keycloak().shortLivedClient(5), "alice", KeycloakRealm.DEMO_PASSWORD);
		get("/api/v1/departments/crm/accounts/ACC-000001", shortLived).expectStatus().isOk();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertProblem(get("/api/v1/departments/crm/accounts/ACC-000001", shortLived), 401,
					"unauthenticated"));
	}

	@Test
	void aTamperedTokenIsRejected() {
		String[] parts = this.gateway.token("alice").split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(payload).contains("\"department\":\"sales\"");
		String forged = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(payload.replace("\"department\":\"sales\"", "\"department\":\"support\"")
				.getBytes(StandardCharsets.UTF_8));
		assertProblem(
				get("/api/v1/departments/support/api/v2/requesters/310000", parts[0] + "." + forged + "." + parts[2]),
				401, "unauthenticated");
	}

	@Test
	void aTokenForAnotherAudienceIsRejected() {
		String adminCliToken = this.gateway.keycloak()
			.token("customer-data", "admin-cli", "alice", KeycloakRealm.DEMO_PASSWORD);
		assertProblem(get("/api/v1/departments/crm/accounts/ACC-000001", adminCliToken), 401, "unauthenticated");
	}

	@Test
	void aTokenFromAnotherIssuerIsRejected() {
		String masterToken = this.gateway.keycloak().token("master", "admin-cli", "admin", "demo-only-admin");
		assertProblem(get("/api/v1/departments/crm/accounts/ACC-000001", masterToken), 401, "unauthenticated");
	}

	@Test
	void anUnsignedTokenIsRejected() {
		String payload = this.gateway.token("alice").split("\\.")[1];
		String header = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		assertProblem(get("/api/v1/departments/crm/accounts/ACC-000001", header + "." + payload + "."), 401,
				"unauthenticated");
	}

	@Test
	void aRotatedRealmKeyIsPickedUpWithoutRestart() {
		String before = this.gateway.token("alice");
		get("/api/v1/departments/crm/accounts/ACC-000001", before).expectStatus().isOk();
		this.gateway.keycloak().rotateSigningKey();
		String after = this.gateway.token("alice");
		assertThat(keyId(after)).isNotEqualTo(keyId(before));
		get("/api/v1/departments/crm/accounts/ACC-000001", after).expectStatus().isOk();
	}

	@Test
	void spoofedIdentityHeadersNeverReachTheDepartment() {
		this.gateway.as("alice").get().uri("/api/v1/departments/crm/echo/whoami").headers((headers) -> {
			headers.add("X-User-Id", "mallory");
			headers.add("X-User-Roles", "security-officer");
			headers.add("X-Subject", "mallory");
			headers.add("X-Forwarded-User", "mallory");
			headers.add("X-Gateway-Department", "support");
		})
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/echo/whoami")
			.jsonPath("$.headers['X-Gateway-Subject'][0]")
			.isEqualTo("alice")
			.jsonPath("$.headers['X-Gateway-Department'][0]")
			.isEqualTo("sales")
			.jsonPath("$.headers['X-Gateway-Department'].length()")
			.isEqualTo(1)
			.jsonPath("$.headers['X-User-Id']")
			.doesNotExist()
			.jsonPath("$.headers['X-User-Roles']")
			.doesNotExist()
			.jsonPath("$.headers['X-Subject']")
			.doesNotExist()
			.jsonPath("$.headers['X-Forwarded-User']")
			.doesNotExist()
			.jsonPath("$.headers['Authorization']")
			.doesNotExist();
	}

	@Test
	void traversalCannotBypassTheDepartmentsPolicy() {
		String alice = this.gateway.token("alice");
		byte[] direct = get("/api/v1/departments/support/api/v2/requesters/310000", alice).expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(new String(direct, StandardCharsets.UTF_8)).doesNotContain("@");
		for (String path : new String[] { "/api/v1/departments/crm/../support/api/v2/requesters/310000",
				"/api/v1/departments/crm/%2e%2e/support/api/v2/requesters/310000",
				"/api/v1/departments/crm//..//support/api/v2/requesters/310000" }) {
			get(path, alice).expectStatus().isOk().expectBody().json(new String(direct, StandardCharsets.UTF_8));
		}
		assertProblem(get("/api/v1/departments/crm%2f..%2fsupport/api/v2/requesters/310000", alice), 400,
				"bad-request");
	}

	@Test
	void anOversizedBodyIsRefused() {
		assertProblem(this.gateway.as("alice")
			.post()
			.uri("/api/v1/departments/crm/accounts/ACC-000001/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
			.exchange(), 413, "payload-too-large");
		this.gateway.as("alice")
			.post()
			.uri("/api/v1/departments/crm/accounts/ACC-000001/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"Renewal call booked\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.author")
			.isEqualTo("alice");
	}

	/** With any token, the path as written. */
	private WebTestClient.ResponseSpec get(String path, String token) {
		return this.gateway.bearer(token).get().uri(this.gateway.at(path)).exchange();
	}

	private static String keyId(String token) {
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)
			.replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1");
	}

}
