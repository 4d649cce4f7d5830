package io.customerdata.gateway.console;

import java.net.URI;
import java.util.Map;

import io.customerdata.gateway.security.SecurityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the console from {@code classpath:console/} (the gateway serves no other static
 * files) and {@code /console/config.json}, which tells it where to sign in. Every console
 * response carries a strict Content Security Policy: scripts and styles from the gateway
 * only, and connections to the gateway and Keycloak only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	@Bean
	RouterFunction<ServerResponse> console(SecurityProperties security, ConsoleProperties console) {
		String keycloak = origin(security.issuerUri());
		String policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				+ "connect-src 'self' " + keycloak + "; form-action 'self' " + keycloak
				+ "; frame-ancestors 'none'; base-uri 'none'";
		Map<String, String> config = Map.of("issuer", security.issuerUri().toString(), "clientId", console.clientId());
		return RouterFunctions.route()
			.GET("/console", (request) -> ServerResponse.permanentRedirect(URI.create("/console/")).build())
			.GET("/console/",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.TEXT_HTML)
						.cacheControl(CacheControl.noCache())
						.bodyValue(new ClassPathResource("console/index.html")))
			.GET("/console/config.json",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.cacheControl(CacheControl.noCache())
						.bodyValue(config))
			.add(RouterFunctions.resources("/console/**", new ClassPathResource("console/")))
			.filter((request, next) -> {
				HttpHeaders headers = request.exchange().getResponse().getHeaders();
				headers.set("Content-Security-Policy", policy);
				headers.set("Referrer-Policy", "no-referrer");
				return next.handle(request);
			})
			.build();
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getAuthority();
	}

}
