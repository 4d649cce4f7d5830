package io.customerdata.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the real Keycloak the integration tests run: tokens through the password
 * grant, and the admin API for what a test must change at run time. Credentials are the
 * demo-only defaults of {@code keycloak-realm/keycloak.sh}.
 */
public final class KeycloakRealm {

	public static final String DEMO_PASSWORD = "demo-only-password";

	private static final String ADMIN_PASSWORD = "demo-only-admin";

	private final URI server;

	private final String realm;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * @param issuer the realm's issuer, e.g.
	 * {@code http://127.0.0.1:18180/realms/customer-data}
	 */
	public KeycloakRealm(String issuer) {
		int realms = issuer.indexOf("/realms/");
		this.server = URI.create(issuer.substring(0, realms));
		this.realm = issuer.substring(realms + "/realms/".length());
	}

	/** An access token for a demo user through the demo client. */
	public String token(String username) {
		return token(this.realm, "customer-gateway-demo", username, DEMO_PASSWORD);
	}

	public String token(String realm, String clientId, String username, String password) {
		JsonNode response = send(
				HttpRequest.newBuilder(this.server.resolve("/realms/" + realm + "/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id",
							clientId, "username", username, "password", password)))),
				200);
		return response.get("access_token").asString();
	}

	/**
	 * Creates (once) a copy of the demo client whose tokens live {@code seconds}, and
	 * returns its client id.
	 */
	public String shortLivedClient(int seconds) {
		String clientId = "it-short-lived-" + seconds;
		List<JsonNode> existing = admin("GET", "/clients?clientId=" + clientId, null, 200).valueStream().toList();
		if (existing.isEmpty()) {
			ObjectNode copy = (ObjectNode) admin("GET", "/clients?clientId=customer-gateway-demo", null, 200).get(0);
			copy.remove("id");
			copy.put("clientId", clientId);
			copy.withObject("attributes").put("access.token.lifespan", String.valueOf(seconds));
			copy.withArray("protocolMappers").valueStream().forEach((mapper) -> ((ObjectNode) mapper).remove("id"));
			admin("POST", "/clients", copy, 201);
		}
		return clientId;
	}

	/** Adds a new RSA signing key that outranks the realm's current one. */
	public void rotateSigningKey() {
		String realmId = admin("GET", "", null, 200).get("id").asString();
		ObjectNode component = this.json.createObjectNode();
		component.put("name", "it-rotated-" + System.nanoTime());
		component.put("providerId", "rsa-generated");
		component.put("providerType", "org.keycloak.keys.KeyProvider");
		component.put("parentId", realmId);
		ObjectNode config = component.putObject("config");
		config.putArray("priority").add(String.valueOf(System.currentTimeMillis() / 1000));
		config.putArray("algorithm").add("RS256");
		config.putArray("active").add("true");
		config.putArray("enabled").add("true");
		admin("POST", "/components", component, 201);
	}

	private JsonNode admin(String method, String path, Object body, int expectedStatus) {
		String adminToken = token("master", "admin-cli", "admin", ADMIN_PASSWORD);
		HttpRequest.Builder request = HttpRequest.newBuilder(this.server.resolve("/admin/realms/" + this.realm + path))
			.header("Authorization", "Bearer " + adminToken)
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
		return send(request, expectedStatus);
	}

	private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
			}
			return response.body().isEmpty() ? this.json.createObjectNode() : this.json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Keycloak unreachable at " + this.server
					+ ": start it with keycloak-realm/keycloak.sh start (failsafe does)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
