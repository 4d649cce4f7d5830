package io.customerdata.gateway.security;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityHeadersGlobalFilterTests {

	private static final Subject ALICE = new Subject("id-1", "alice", Set.of("sales-rep", "a-role"), "sales", "EMEA",
			"customer-gateway-demo");

	@Test
	void removesEveryForgeableIdentityHeaderWhateverItsCase() {
		HttpHeaders headers = new HttpHeaders();
		for (String forged : new String[] { "X-User", "x-user-id", "X-USER-ROLES", "X-Subject", "X-Subject-Id",
				"X-Forwarded-User", "X-Gateway-Department", "x-gateway-roles", "X-Remote-User", "Remote-User",
				"X-Auth-Request-Email", "X-Principal" }) {
			headers.add(forged, "mallory");
		}
		headers.add("Accept", "application/json");

		IdentityHeadersGlobalFilter.rewrite(headers, ALICE);

		assertThat(headers.headerNames()).containsExactlyInAnyOrder("Accept", "X-Gateway-Subject",
				"X-Gateway-Subject-Id", "X-Gateway-Roles", "X-Gateway-Department", "X-Gateway-Region",
				"X-Gateway-Client");
		assertThat(headers.toSingleValueMap().values()).doesNotContain("mallory");
	}

	@Test
	void keepsCredentialsAtTheGateway() {
		HttpHeaders headers = new HttpHeaders();
		headers.setBearerAuth("eyJ.secret.token");
		headers.add(HttpHeaders.COOKIE, "SESSION=abc");
		headers.add(HttpHeaders.PROXY_AUTHORIZATION, "Basic Zm9v");

		IdentityHeadersGlobalFilter.rewrite(headers, ALICE);

		assertThat(headers.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
		assertThat(headers.containsHeader(HttpHeaders.COOKIE)).isFalse();
		assertThat(headers.containsHeader(HttpHeaders.PROXY_AUTHORIZATION)).isFalse();
	}

	@Test
	void sendsTheVerifiedSubject() {
		HttpHeaders headers = new HttpHeaders();
		IdentityHeadersGlobalFilter.rewrite(headers, ALICE);
		assertThat(headers.getFirst("X-Gateway-Subject")).isEqualTo("alice");
		assertThat(headers.getFirst("X-Gateway-Roles")).isEqualTo("a-role,sales-rep");
		assertThat(headers.getFirst("X-Gateway-Department")).isEqualTo("sales");
	}

	@Test
	void omitsAttributesTheTokenDidNotCarry() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Gateway-Region", "forged");
		IdentityHeadersGlobalFilter.rewrite(headers, new Subject("id", "svc", Set.of(), null, null, null));
		assertThat(headers.containsHeader("X-Gateway-Region")).isFalse();
		assertThat(headers.containsHeader("X-Gateway-Department")).isFalse();
	}

}
