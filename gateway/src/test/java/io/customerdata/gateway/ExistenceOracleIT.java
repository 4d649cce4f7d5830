package io.customerdata.gateway;

import java.util.List;
import java.util.UUID;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * carol, a support agent scoped to EMEA, asks about an APAC customer and about nobody at
 * all, by search, by reference and through her help desk's own API: what she gets must
 * not tell the two apart, wherever the policy's stance allows. By default a customer
 * asked for by name is refused with the reason (403, which says the customer exists);
 * with {@code gateway.policy.hide-existence} that too is a 404 like nobody's.
 */
class ExistenceOracleIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConfigurableApplicationContext revealing;

	static ConfigurableApplicationContext hiding;

	static JsonNode apac;

	static final String NOBODY = "nobody-" + UUID.randomUUID() + "@example.com";

	@BeforeAll
	static void start() {
		revealing = gateway(false);
		hiding = gateway(true);
		apac = RealStack.findRequester((r) -> r.path("region").asString().equals("APAC"));
	}

	@AfterAll
	static void stop() {
		hiding.close();
		revealing.close();
	}

	@Test
	void aSearchForAnotherRegionsCustomerLooksLikeASearchForNobody() {
		for (ConfigurableApplicationContext gateway : List.of(revealing, hiding)) {
			JsonNode forApac = withoutVaryingParts(
					get(gateway, "/api/v1/customers?email=" + apac.path("email").asString()));
			JsonNode forNobody = withoutVaryingParts(get(gateway, "/api/v1/customers?email=" + NOBODY));
			assertThat(forApac.path("items")).isEmpty();
			assertThat(forApac.at("/_meta/sources/support/matches").asInt()).isZero();
			assertThat(forApac.at("/_meta/sources/crm/matches").asInt()).isZero();
			assertThat(forApac).isEqualTo(forNobody);
		}
	}

	@Test
	void theHelpDesksOwnSearchNeitherCountsNorLinksTheRequestersLeftOut() {
		String surname = apac.path("name").asString().split(" ")[1];
		for (ConfigurableApplicationContext gateway : List.of(revealing, hiding)) {
			EntityExchangeResult<byte[]> forApac = exchange(gateway,
					"/api/v1/departments/support/api/v2/requesters/search?per_page=100&query="
							+ apac.path("email").asString());
			EntityExchangeResult<byte[]> forNobody = exchange(gateway,
					"/api/v1/departments/support/api/v2/requesters/search?per_page=100&query=" + NOBODY);
			assertThat(forApac.getResponseHeaders().containsHeader("X-Records-Withheld")).isFalse();
			assertThat(JSON.readTree(forApac.getResponseBody())).isEqualTo(JSON.readTree(forNobody.getResponseBody()));
			JsonNode page = JSON.readTree(exchange(gateway,
					"/api/v1/departments/support/api/v2/requesters/search?per_page=5&query=" + surname)
				.getResponseBody());
			assertThat(page.propertyNames()).as("no count, no next_page").containsExactly("requesters");
		}
	}

	@Test
	void byReferenceTheDefaultRefusesWithTheReasonAndHideExistenceAnswersAsForNobody() {
		String apacRef = "/api/v1/customers/support:" + apac.path("id").asLong();
		String nobodyRef = "/api/v1/customers/support:999999999";
		assertThat(problem(revealing, apacRef).path("code").asString()).isEqualTo("policy-denied");
		assertThat(problem(revealing, apacRef).path("detail").asString()).contains("out-of-region");
		assertThat(problem(hiding, apacRef)).isEqualTo(problem(hiding, nobodyRef));
		assertThat(problem(hiding, apacRef).path("code").asString()).isEqualTo("customer-not-found");

		String apacRecord = "/api/v1/departments/support/api/v2/requesters/" + apac.path("id").asLong();
		String nobodyRecord = "/api/v1/departments/support/api/v2/requesters/999999999";
		assertThat(problem(revealing, apacRecord).path("code").asString()).isEqualTo("policy-denied");
		assertThat(problem(hiding, apacRecord)).isEqualTo(problem(hiding, nobodyRecord));
		assertThat(problem(hiding, apacRecord).path("status").asInt()).isEqualTo(404);
	}

	/** A problem without what differs by request: its trace id and its instance. */
	private static JsonNode problem(ConfigurableApplicationContext gateway, String path) {
		EntityExchangeResult<byte[]> result = exchange(gateway, path);
		assertThat(result.getStatus().is4xxClientError()).as(path).isTrue();
		ObjectNode problem = (ObjectNode) JSON.readTree(result.getResponseBody());
		problem.remove("traceId");
		problem.remove("instance");
		problem.put("httpStatus", result.getStatus().value());
		return problem;
	}

	/** A search answer without what differs by query and by time. */
	private static JsonNode withoutVaryingParts(JsonNode answer) {
		ObjectNode copy = (ObjectNode) answer.deepCopy();
		ObjectNode meta = (ObjectNode) copy.get("_meta");
		meta.remove("query");
		meta.path("sources").forEach((source) -> ((ObjectNode) source).remove("latency_ms"));
		return copy;
	}

	private static JsonNode get(ConfigurableApplicationContext gateway, String path) {
		EntityExchangeResult<byte[]> result = exchange(gateway, path);
		assertThat(result.getStatus().value()).as(path).isEqualTo(200);
		return JSON.readTree(result.getResponseBody());
	}

	private static EntityExchangeResult<byte[]> exchange(ConfigurableApplicationContext gateway, String path) {
		return GatewayClient.of(gateway)
			.as("carol", "support-case")
			.get()
			.uri(path)
			.exchange()
			.expectBody()
			.returnResult();
	}

	private static ConfigurableApplicationContext gateway(boolean hideExistence) {
		return RealStack.startGateway("gateway.policy.hide-existence=" + hideExistence);
	}

}
