package io.customerdata.gateway.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectTests {

	@Test
	void readsKeycloakClaimsWithRealmAndGatewayClientRoles() {
		Jwt jwt = jwt(Map.of("sub", "f0e1", "preferred_username", "carol", "department", "support", "region", "EMEA",
				"azp", "customer-gateway-demo", "realm_access", Map.of("roles", List.of("support-agent")),
				"resource_access", Map.of("customer-gateway", Map.of("roles", List.of("tier-2")), "account",
						Map.of("roles", List.of("manage-account")))));

		Subject subject = Subject.fromKeycloakToken(jwt, "customer-gateway");

		assertThat(subject).isEqualTo(new Subject("f0e1", "carol", java.util.Set.of("support-agent", "tier-2"),
				"support", "EMEA", "customer-gateway-demo"));
	}

	@Test
	void rolesOfOtherClientsDoNotCount() {
		Jwt jwt = jwt(Map.of("sub", "x", "resource_access", Map.of("account", Map.of("roles", List.of("admin")))));
		assertThat(Subject.fromKeycloakToken(jwt, "customer-gateway").roles()).isEmpty();
	}

	@Test
	void missingClaimsLeaveGapsRatherThanGuesses() {
		Subject subject = Subject.fromKeycloakToken(jwt(Map.of("sub", "svc-7")), "customer-gateway");
		assertThat(subject.username()).isEqualTo("svc-7");
		assertThat(subject.roles()).isEmpty();
		assertThat(subject.department()).isNull();
		assertThat(subject.region()).isNull();
	}

	@Test
	void malformedRoleClaimsAreIgnored() {
		Jwt jwt = jwt(Map.of("sub", "x", "realm_access", Map.of("roles", "sales-rep"), "resource_access",
				Map.of("customer-gateway", "nope")));
		assertThat(Subject.fromKeycloakToken(jwt, "customer-gateway").roles()).isEmpty();
	}

	private static Jwt jwt(Map<String, Object> claims) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.claims((c) -> c.putAll(claims))
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
	}

}
