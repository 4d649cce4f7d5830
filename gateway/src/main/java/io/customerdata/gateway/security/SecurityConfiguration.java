package io.customerdata.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Stateless bearer-token security: every API request needs a valid Keycloak token; what
 * it may see is the policy's to decide, after authentication. No sessions, no cookies, so
 * no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	static final String BUNDLE_PATH = "/opa/bundles/customer-gateway.tar.gz";

	/**
	 * Spring Security's strict firewall, with its header checks done in one pass rather
	 * than by regular expressions.
	 */
	@Bean
	ServerWebExchangeFirewall exchangeFirewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::allowedInName);
		firewall.setAllowedHeaderValues(HeaderCharacters::allowedInValue);
		return firewall;
	}

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, SecurityProperties properties,
			ProblemSecurityHandlers problems) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.oauth2ResourceServer((resourceServer) -> resourceServer.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.bearerTokenConverter(new BearerTokenConverter())
				.jwt((jwt) -> jwt.jwtAuthenticationConverter((token) -> Mono
					.just(new SubjectAuthentication(token, Subject.fromKeycloakToken(token, properties.audience()))))))
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus")
				.permitAll()
				// OPA sidecars poll the policy with the bundle token, which the bundle's
				// controller checks: without one configured, it serves no one.
				.pathMatchers(HttpMethod.GET, BUNDLE_PATH)
				.permitAll()
				// The officers' console: static files and where to sign in; its calls to
				// /admin/** carry the officer's token.
				.pathMatchers(HttpMethod.GET, "/console", "/console/**")
				.permitAll()
				.pathMatchers("/admin/**")
				.hasRole("security-officer")
				.anyExchange()
				.authenticated())
			.build();
	}

}
