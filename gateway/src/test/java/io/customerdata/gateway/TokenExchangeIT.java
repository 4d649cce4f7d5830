package io.customerdata.gateway;

import java.util.Base64;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source with {@code auth.type=token-exchange}: the real Keycloak exchanges the
 * caller's token (RFC 8693 standard token exchange) for one addressed to the CRM, so the
 * department sees the end user, not the gateway.
 */
class TokenExchangeIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConfigurableApplicationContext gateway;

	static GatewayClient client;

	@BeforeAll
	static void start() {
		gateway = RealStack.startGateway("gateway.federation.sources.crm.auth.type=token-exchange",
				"gateway.federation.sources.crm.auth.token-uri=" + RealStack.ISSUER + "/protocol/openid-connect/token",
				"gateway.federation.sources.crm.auth.client-id=customer-gateway",
				"gateway.federation.sources.crm.auth.client-secret=env:CUSTOMER_GATEWAY_CLIENT_SECRET",
				"gateway.federation.sources.crm.auth.audience=crm");
		client = GatewayClient.of(gateway);
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void theDepartmentSeesTheEndUserInATokenAddressedToIt() {
		String alices = client.token("alice");
		String forwarded = echo(alices);
		assertThat(forwarded).startsWith("Bearer ").isNotEqualTo("Bearer " + alices);

		JsonNode exchanged = claims(forwarded.substring(7));
		JsonNode original = claims(alices);
		assertThat(exchanged.path("sub").asString()).isEqualTo(original.path("sub").asString()).isNotBlank();
		assertThat(exchanged.path("preferred_username").asString()).isEqualTo("alice");
		assertThat(exchanged.path("aud").isArray() ? exchanged.path("aud").get(0).asString()
				: exchanged.path("aud").asString())
			.isEqualTo("crm");
		assertThat(exchanged.path("azp").asString()).isEqualTo("customer-gateway");

		assertThat(echo(alices)).as("exchanged once per caller token, then cached").isEqualTo(forwarded);
		String another = echo(client.token("alice"));
		assertThat(another).as("another token of hers is exchanged on its own").isNotEqualTo(forwarded);
		assertThat(claims(another.substring(7)).path("sub").asString()).isEqualTo(original.path("sub").asString());
	}

	@Test
	void theUnifiedViewWorksThroughExchangedTokens() {
		JsonNode account = RealStack.findAccount((a) -> a.path("region").asString().equals("EMEA"));
		JsonNode view = client.view("alice", "crm:" + account.path("accountId").asString(), null);
		assertThat(view.at("/_meta/sources/crm/status").asString()).isEqualTo("ok");
		assertThat(view.at("/sales/account_id").asString()).isEqualTo(account.path("accountId").asString());
	}

	/**
	 * The Authorization header the CRM received for a caller, whatever its case (only
	 * alice, of the CRM's own department, may see the echo's unclassified fields).
	 */
	private static String echo(String token) {
		JsonNode echoed = ok(client.bearer(token).get().uri("/api/v1/departments/crm/echo/whoami").exchange());
		return echoed.path("headers")
			.properties()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase("Authorization"))
			.map((header) -> header.getValue().get(0).asString())
			.findFirst()
			.orElse("");
	}

	private static JsonNode claims(String jwt) {
		return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

}
