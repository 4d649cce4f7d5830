package io.customerdata.gateway.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways over the real departments: one on every department's native API, one with
 * a single source switched to its SaaS preset against the SaaS-dialect department, so
 * that what a caller sees can be compared field for field, masks included. The synthetic
 * people are the same in both dialects.
 */
public final class Dialects implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The demo users and the purposes each works for. */
	public static final Map<String, List<String>> CALLERS = Map.of("alice",
			List.of("account-management", "sales-followup"), "bob", List.of("campaign-planning", "customer-analytics"),
			"carol", List.of("support-case", "customer-analytics"), "dan", List.of("support-case"));

	private final KeycloakRealm keycloak = new KeycloakRealm(RealStack.ISSUER);

	private final Map<String, HeldToken> tokens = new ConcurrentHashMap<>();

	private final String source;

	private final ConfigurableApplicationContext nativeGateway;

	private final ConfigurableApplicationContext saasGateway;

	/**
	 * @param source the source switched to SaaS
	 * @param saasSettings its settings there, as {@code key=value} under its own key
	 */
	public Dialects(String source, List<String> saasSettings) {
		this.source = source;
		this.nativeGateway = RealStack.startGateway();
		List<String> saas = new ArrayList<>();
		saas.add("gateway.federation.sources." + source + ".base-url=" + saasUrl(source));
		saasSettings.forEach((setting) -> saas.add("gateway.federation.sources." + source + "." + setting));
		this.saasGateway = RealStack.startGateway(saas.toArray(String[]::new));
	}

	public static String saasUrl(String department) {
		return System.getProperty("it.saas." + department + ".url");
	}

	public WebTestClient nativeClient() {
		return client(this.nativeGateway);
	}

	public WebTestClient saasClient() {
		return client(this.saasGateway);
	}

	/**
	 * A demo user's token, one password grant per user for two minutes (tokens live
	 * five). With brute-force detection on, Keycloak 26 by default refuses a user's login
	 * while another of theirs is in progress (its blocking brute-force protector); a
	 * grant per view, two back to back for one user, is the likely cause of the rare
	 * lockout these comparisons saw on a loaded machine, and needless load besides.
	 */
	public String token(String user) {
		Instant now = Instant.now();
		return this.tokens
			.compute(user, (name, held) -> (held != null && held.obtained().isAfter(now.minusSeconds(120))) ? held
					: new HeldToken(this.keycloak.token(name), now))
			.token();
	}

	private record HeldToken(String token, Instant obtained) {
	}

	/**
	 * The same answer from both gateways: the same status, and for a view every field of
	 * every section, the fields masked and withheld, and the same linked sources; for a
	 * refusal the same problem.
	 * @return the SaaS gateway's answer
	 */
	public JsonNode assertSameView(String user, String reference, String purpose) {
		EntityExchangeResult<byte[]> expected = view(nativeClient(), user, reference, purpose);
		EntityExchangeResult<byte[]> actual = view(saasClient(), user, reference, purpose);
		String what = user + " " + reference + " for " + purpose;
		assertThat(actual.getStatus()).as(what).isEqualTo(expected.getStatus());
		JsonNode native_ = JSON.readTree(expected.getResponseBody());
		JsonNode saas = JSON.readTree(actual.getResponseBody());
		if (!expected.getStatus().is2xxSuccessful()) {
			assertThat(saas.path("code")).as(what).isEqualTo(native_.path("code"));
			return saas;
		}
		assertThat(withoutMeta(saas)).as(what).isEqualTo(withoutMeta(native_));
		assertThat(fieldsHeldBack(saas)).as(what).isEqualTo(fieldsHeldBack(native_));
		assertThat(saas.at("/_meta/sources/" + this.source + "/status").asString()).as(what)
			.isEqualTo(native_.at("/_meta/sources/" + this.source + "/status").asString());
		assertThat(linkedSources(saas)).as(what).isEqualTo(linkedSources(native_));
		return saas;
	}

	/**
	 * The same search results from both gateways, each customer with the same fields; the
	 * references differ where the source's ids do.
	 */
	public JsonNode assertSameSearch(String user, String query) {
		JsonNode expected = search(nativeClient(), user, query);
		JsonNode actual = search(saasClient(), user, query);
		assertThat(items(actual)).as(user + " " + query).isEqualTo(items(expected));
		assertThat(actual.at("/_meta/sources/" + this.source + "/status").asString()).isEqualTo("ok");
		return actual;
	}

	private EntityExchangeResult<byte[]> view(WebTestClient client, String user, String reference, String purpose) {
		return client.get().uri("/api/v1/customers/{ref}", reference).headers((headers) -> {
			headers.setBearerAuth(token(user));
			headers.set("X-Purpose", purpose);
		}).exchange().expectBody().returnResult();
	}

	private JsonNode search(WebTestClient client, String user, String query) {
		return JSON.readTree(client.get()
			.uri("/api/v1/customers?" + query)
			.headers((headers) -> headers.setBearerAuth(token(user)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
	}

	private static JsonNode withoutMeta(JsonNode view) {
		ObjectNode copy = (ObjectNode) view.deepCopy();
		copy.remove("_meta");
		return copy;
	}

	/**
	 * The fields masked and withheld, in any order: each dialect lists them as it maps
	 * them.
	 */
	private static List<String> fieldsHeldBack(JsonNode view) {
		List<String> fields = new ArrayList<>();
		view.at("/_meta/fields/masked_fields").forEach((field) -> fields.add("masked " + field.asString()));
		view.at("/_meta/fields/withheld_fields").forEach((field) -> fields.add("withheld " + field.asString()));
		return fields.stream().sorted().toList();
	}

	private static List<String> linkedSources(JsonNode view) {
		List<String> sources = new ArrayList<>();
		view.at("/_meta/linked_records").forEach((record) -> sources.add(record.path("source").asString()));
		return sources.stream().sorted().toList();
	}

	/** The search's customers without their references, in a stable order. */
	private static List<JsonNode> items(JsonNode page) {
		List<JsonNode> items = new ArrayList<>();
		page.path("items").forEach((item) -> {
			ObjectNode copy = (ObjectNode) item.deepCopy();
			copy.remove("reference");
			copy.remove("linked_records");
			items.add(copy);
		});
		items.sort(Comparator.comparing(JsonNode::toString));
		return items;
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static WebTestClient client(ConfigurableApplicationContext gateway) {
		return LoopbackClient.on(Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port")));
	}

	@Override
	public void close() {
		this.saasGateway.close();
		this.nativeGateway.close();
	}

}
