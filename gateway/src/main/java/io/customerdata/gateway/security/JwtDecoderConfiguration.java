package io.customerdata.gateway.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Verifies access tokens against the realm's published keys. Nimbus caches the key set
 * and fetches it again when a token names an unknown key id, so key rotation needs no
 * restart; keys are selected by {@code kid} and use, so Keycloak's encryption key is
 * never taken for a signing key.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	@Bean
	ReactiveJwtDecoder jwtDecoder(SecurityProperties properties) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.jwksTimeout().toMillis())
			.responseTimeout(properties.jwksTimeout());
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSetUri(properties.effectiveJwkSetUri().toString())
			.jwsAlgorithms((algorithms) -> properties.algorithms()
				.forEach((name) -> algorithms.add(Objects.requireNonNull(SignatureAlgorithm.from(name)))))
			.webClient(WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build())
			.build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	/**
	 * Expiry (required, with skew), issuer and audience; the signature is checked before.
	 */
	static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(properties.clockSkew()),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtIssuerValidator(properties.issuerUri().toString()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(properties.audience()))));
	}

}
