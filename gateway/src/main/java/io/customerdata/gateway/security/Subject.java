package io.customerdata.gateway.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated caller, as the policy sees it.
 *
 * @param id the token's {@code sub}: stable across renames
 * @param username {@code preferred_username}, for people reading audit trails
 * @param roles realm roles, plus the client roles granted for the gateway itself
 * @param department the department the person works in, if the token says
 * @param region the region the person works in, if the token says
 * @param clientId the application that obtained the token ({@code azp})
 */
public record Subject(String id, String username, Set<String> roles, @Nullable String department,
		@Nullable String region, @Nullable String clientId) {

	/**
	 * Reads Keycloak's claims; {@code gatewayClientId} selects which client roles count.
	 */
	public static Subject fromKeycloakToken(Jwt jwt, String gatewayClientId) {
		Set<String> roles = new LinkedHashSet<>(rolesIn(jwt.getClaimAsMap("realm_access")));
		Map<String, Object> resourceAccess = jwt.getClaimAsMap("resource_access");
		if (resourceAccess != null && resourceAccess.get(gatewayClientId) instanceof Map<?, ?> client) {
			roles.addAll(rolesIn(client));
		}
		String username = jwt.getClaimAsString("preferred_username");
		return new Subject(jwt.getSubject(), (username != null) ? username : jwt.getSubject(), Set.copyOf(roles),
				jwt.getClaimAsString("department"), jwt.getClaimAsString("region"), jwt.getClaimAsString("azp"));
	}

	private static Set<String> rolesIn(@Nullable Map<?, ?> access) {
		Set<String> roles = new LinkedHashSet<>();
		if (access != null && access.get("roles") instanceof Collection<?> names) {
			names.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
		}
		return roles;
	}

}
