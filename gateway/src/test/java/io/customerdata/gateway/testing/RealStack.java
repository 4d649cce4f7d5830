package io.customerdata.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.customerdata.gateway.CustomerDataGatewayApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real servers failsafe starts for the integration tests (see the gateway's pom):
 * their addresses and a gateway's settings against them, direct reads of the departments
 * (to pick test customers the way an operator would), and the departments' chaos knobs.
 */
public final class RealStack {

	public static final String ISSUER = System.getProperty("it.keycloak.issuer",
			"http://127.0.0.1:18180/realms/customer-data");

	public static final String[] DEPARTMENTS = { "crm", "marketing", "support" };

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RealStack() {
	}

	/**
	 * A gateway's settings against the real Keycloak and departments, its management port
	 * a free one: what {@link RealStackTest} and {@link #startGateway} set.
	 */
	public static Map<String, String> gatewaySettings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("management.server.port", "0");
		settings.put("gateway.security.issuer-uri", ISSUER);
		for (String department : DEPARTMENTS) {
			settings.put("gateway.federation.sources." + department + ".base-url", url(department));
		}
		return settings;
	}

	/**
	 * Starts a gateway of the test's own (the test closes it) on free ports, against the
	 * real stack, for a test that runs several or restarts one.
	 * @param settings {@code key=value}, each replacing the key's value in
	 * {@link #gatewaySettings()}
	 */
	public static ConfigurableApplicationContext startGateway(String... settings) {
		Map<String, String> merged = gatewaySettings();
		merged.put("server.port", "0");
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			merged.put(setting.substring(0, equals), setting.substring(equals + 1));
		}
		return new SpringApplicationBuilder(CustomerDataGatewayApplication.class, OwnEventLoops.class)
			.run(merged.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	public static String url(String department) {
		String url = System.getProperty("it." + department + ".url");
		if (url == null) {
			throw new IllegalStateException("it." + department + ".url is not set: failsafe sets it (see the pom)");
		}
		return url;
	}

	/** GET on a department's own API, bypassing the gateway. */
	public static JsonNode department(String department, String pathAndQuery) {
		return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url(department) + pathAndQuery)).GET()));
	}

	/** The first CRM account, in id order, that the test wants. */
	public static JsonNode findAccount(Predicate<JsonNode> wanted) {
		for (int page = 0; page < 20; page++) {
			for (JsonNode account : department("crm", "/accounts?size=100&page=" + page).path("content")) {
				if (wanted.test(account)) {
					return account;
				}
			}
		}
		throw new IllegalStateException("no suitable test account in the sample data");
	}

	/**
	 * The unified view's reference ({@code crm:ACC-…}) of the first CRM account, in id
	 * order, that the test wants.
	 */
	public static String findCustomer(Predicate<JsonNode> wanted) {
		return "crm:" + findAccount(wanted).path("accountId").asString();
	}

	/** The first help-desk requester, in id order, that the test wants. */
	public static JsonNode findRequester(Predicate<JsonNode> wanted) {
		for (int page = 1; page <= 20; page++) {
			for (JsonNode requester : department("support",
					"/api/v2/requesters/search?query=&per_page=100&page=" + page)
				.path("requesters")) {
				if (wanted.test(requester)) {
					return requester;
				}
			}
		}
		throw new IllegalStateException("no suitable test requester in the sample data");
	}

	/**
	 * Sets a department's latency and error rate (its management port is its port +
	 * 1000).
	 */
	public static void chaos(String department, long latencyMillis, double errorRate) {
		URI api = URI.create(url(department));
		URI chaos = URI.create("http://127.0.0.1:" + (api.getPort() + 1000) + "/actuator/chaos");
		send(HttpRequest.newBuilder(chaos)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"latencyMillis\":" + latencyMillis + ",\"errorRate\":" + errorRate + "}")));
	}

	public static void calm() {
		for (String department : DEPARTMENTS) {
			chaos(department, 0, 0);
		}
	}

	private static String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("department unreachable: start sample-departments/departments.sh", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
