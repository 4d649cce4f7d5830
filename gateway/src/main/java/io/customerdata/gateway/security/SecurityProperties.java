package io.customerdata.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway trusts access tokens.
 *
 * @param issuerUri the Keycloak realm's issuer; tokens must carry exactly this
 * {@code iss}
 * @param jwkSetUri where the realm's signing keys are published; by default Keycloak's
 * {@code {issuerUri}/protocol/openid-connect/certs}
 * @param audience the {@code aud} every token must include
 * @param clockSkew tolerance on {@code exp} and {@code nbf} for clocks that drift
 * @param algorithms accepted signature algorithms; only asymmetric ones can be configured
 * @param jwksTimeout bound on fetching the signing keys
 * @param jwksRefresh how often the signing keys are fetched again even without an unknown
 * key id: the longest a key the realm withdrew is still trusted
 * @param tokenCacheSize verified tokens remembered (by hash, until they expire) so that a
 * caller's next request skips the signature check; 0 verifies every request
 */
@ConfigurationProperties("gateway.security")
@Validated
public record SecurityProperties(@NotNull URI issuerUri, @Nullable URI jwkSetUri,
		@DefaultValue("customer-gateway") @NotBlank String audience, @DefaultValue("30s") Duration clockSkew,
		@DefaultValue( {
				"RS256", "ES256" }) @NotEmpty List<@Pattern(regexp = "(RS|ES|PS)(256|384|512)") String> algorithms,
		@DefaultValue("5s") Duration jwksTimeout, @DefaultValue("5m") Duration jwksRefresh,
		@DefaultValue("10000") @Min(0) int tokenCacheSize){

	public URI effectiveJwkSetUri() {
		return (this.jwkSetUri != null) ? this.jwkSetUri
				: URI.create(this.issuerUri.toString().replaceAll("/$", "") + "/protocol/openid-connect/certs");
	}

}
