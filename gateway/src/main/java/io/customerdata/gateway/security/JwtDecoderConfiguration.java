package io.customerdata.gateway.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Verifies access tokens against the realm's published keys ({@link RealmKeys}: fetched
 * again on an unknown key id and every {@code jwks-refresh}, so key rotation needs no
 * restart and a withdrawn key stops being trusted); keys are selected by {@code kid} and
 * use, so Keycloak's encryption key is never taken for a signing key. Verified tokens are
 * remembered until they expire ({@link VerifiedTokens}).
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	@Bean
	ReactiveJwtDecoder jwtDecoder(SecurityProperties properties) {
		return jwtDecoder(properties, Clock.systemUTC());
	}

	static ReactiveJwtDecoder jwtDecoder(SecurityProperties properties, Clock clock) {
		RealmKeys keys = realmKeys(properties, clock);
		NimbusReactiveJwtDecoder verifier = verifier(properties, keys, clock);
		if (properties.tokenCacheSize() == 0) {
			return verifier;
		}
		return new VerifiedTokens(verifier, validator(properties, clock), keys, properties.tokenCacheSize(),
				properties.clockSkew(), clock);
	}

	static RealmKeys realmKeys(SecurityProperties properties, Clock clock) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.jwksTimeout().toMillis())
			.responseTimeout(properties.jwksTimeout());
		WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return new RealmKeys(() -> web.get().uri(properties.effectiveJwkSetUri()).retrieve().bodyToMono(String.class),
				properties.jwksRefresh(), clock);
	}

	/**
	 * Signature (by the realm's keys, with the configured algorithms only) and claims.
	 */
	static NimbusReactiveJwtDecoder verifier(SecurityProperties properties, RealmKeys keys, Clock clock) {
		// The builder takes one algorithm; the key selector takes them all.
		Set<JWSAlgorithm> algorithms = properties.algorithms()
			.stream()
			.map(JWSAlgorithm::parse)
			.collect(Collectors.toUnmodifiableSet());
		NimbusReactiveJwtDecoder verifier = NimbusReactiveJwtDecoder.withJwkSource(keys::select)
			.jwtProcessorCustomizer((processor) -> processor
				.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new JWKSecurityContextJWKSet())))
			.build();
		verifier.setJwtValidator(validator(properties, clock));
		return verifier;
	}

	/**
	 * Expiry (required, with skew), issuer and audience; the signature is checked before.
	 */
	static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties, Clock clock) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		timestamps.setClock(clock);
		return new DelegatingOAuth2TokenValidator<>(
				List.of(timestamps, new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
						new JwtIssuerValidator(properties.issuerUri().toString()),
						new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
								(audience) -> audience != null && audience.contains(properties.audience()))));
	}

}
