package io.customerdata.gateway.testing;

import java.net.URI;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.ok;

/**
 * The demo users calling a gateway under test over real HTTP, with tokens from the real
 * Keycloak: for the unified view, search and the pass-through API, with or without a
 * purpose. Each call asks Keycloak for a token of its own, as a client would that does
 * not cache them. Answers are checked with {@link JsonResponses} and {@link Problems}.
 * <p>
 * In a {@link RealStackTest} it is {@code @Autowired}; for a gateway the test starts
 * itself, {@link #of(ConfigurableApplicationContext)}.
 */
public final class GatewayClient {

	private static final KeycloakRealm KEYCLOAK = new KeycloakRealm(RealStack.ISSUER);

	private final WebTestClient client;

	private final String baseUrl;

	private final @Nullable WebTestClient management;

	private GatewayClient(WebTestClient client, String baseUrl, @Nullable WebTestClient management) {
		this.client = client;
		this.baseUrl = baseUrl;
		this.management = management;
	}

	/** A client of the gateway at this port. */
	public static GatewayClient on(int port) {
		return new GatewayClient(LoopbackClient.on(port), "http://127.0.0.1:" + port, null);
	}

	/** A client of a running gateway, and of its management port if it has one. */
	public static GatewayClient of(ConfigurableApplicationContext gateway) {
		return of(gateway.getEnvironment());
	}

	private static GatewayClient of(Environment gateway) {
		int port = gateway.getRequiredProperty("local.server.port", Integer.class);
		Integer management = gateway.getProperty("local.management.port", Integer.class);
		return new GatewayClient(LoopbackClient.on(port), "http://127.0.0.1:" + port,
				(management != null) ? LoopbackClient.on(management) : null);
	}

	/**
	 * The same gateway, through a client changed for a test's needs (timeouts, codecs).
	 */
	public GatewayClient mutate(Consumer<WebTestClient.Builder> change) {
		WebTestClient.Builder builder = this.client.mutate();
		change.accept(builder);
		return new GatewayClient(builder.build(), this.baseUrl, this.management);
	}

	/** The realm, for what a test does beyond the demo users' tokens. */
	public KeycloakRealm keycloak() {
		return KEYCLOAK;
	}

	/** A new access token of a demo user. */
	public String token(String user) {
		return KEYCLOAK.token(user);
	}

	/** Without a token. */
	public WebTestClient anonymous() {
		return this.client;
	}

	/** With this token, whatever it is (expired, forged, another realm's). */
	public WebTestClient bearer(String token) {
		return this.client.mutate().defaultHeaders((headers) -> headers.setBearerAuth(token)).build();
	}

	/** As a demo user, with a new token. */
	public WebTestClient as(String user) {
		return bearer(token(user));
	}

	/** As a demo user for a purpose ({@code X-Purpose}); none is sent if null. */
	public WebTestClient as(String user, @Nullable String purpose) {
		if (purpose == null) {
			return as(user);
		}
		return as(user).mutate().defaultHeader("X-Purpose", purpose).build();
	}

	/** A unified view: {@code GET /api/v1/customers/{reference}}. */
	public WebTestClient.ResponseSpec customer(String user, String reference, @Nullable String purpose) {
		return as(user, purpose).get().uri("/api/v1/customers/{ref}", reference).exchange();
	}

	/** A unified view that must be a 200. */
	public JsonNode view(String user, String reference, @Nullable String purpose) {
		return ok(customer(user, reference, purpose));
	}

	/** A search that must be a 200: {@code GET /api/v1/customers?query}. */
	public JsonNode search(String user, String query) {
		return ok(as(user).get().uri("/api/v1/customers?" + query).exchange());
	}

	/**
	 * A pass-through read, {@code GET /api/v1/departments} + {@code path}; the path is
	 * sent as written (see {@link #at}).
	 */
	public WebTestClient.ResponseSpec department(String user, @Nullable String purpose, String path) {
		return as(user, purpose).get().uri(at("/api/v1/departments" + path)).exchange();
	}

	/** A pass-through read that must be a 200. */
	public JsonNode read(String user, @Nullable String purpose, String path) {
		return ok(department(user, purpose, path));
	}

	/**
	 * The gateway's address of a path and query exactly as written: neither encoded nor
	 * normalised on the client, so {@code %2e%2e} or {@code //..//} reach the gateway.
	 */
	public URI at(String pathAndQuery) {
		return URI.create(this.baseUrl + pathAndQuery);
	}

	/** The gateway's management port (actuator). */
	public WebTestClient management() {
		if (this.management == null) {
			throw new IllegalStateException("the gateway has no management port of its own");
		}
		return this.management;
	}

	/**
	 * The client of a {@link RealStackTest}'s gateway, made when the test asks for it:
	 * after the gateway listens.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		@Lazy
		GatewayClient gatewayClient(Environment environment) {
			return of(environment);
		}

	}

}
