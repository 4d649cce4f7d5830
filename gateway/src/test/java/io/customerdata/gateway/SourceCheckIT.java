package io.customerdata.gateway;

import java.util.ArrayList;
import java.util.List;

import io.customerdata.gateway.testing.Dialects;
import io.customerdata.gateway.testing.KeycloakRealm;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.OwnEventLoops;
import io.customerdata.gateway.testing.RealStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection check against the sample departments speaking Salesforce, HubSpot and
 * Zendesk: the presets as shipped read nothing the samples lack; a help desk whose
 * mapping reads a user field no admin created ({@code user_fields.loyalty_tier}) is told
 * so; one with a wrong client secret is told that authentication failed.
 */
class SourceCheckIT {

	static final String SUPPORT_TOKENS = "auth.token-uri=" + Dialects.saasUrl("support") + "/oauth/tokens";

	static ConfigurableApplicationContext gateway;

	static WebTestClient client;

	static String sam;

	@BeforeAll
	static void start() {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--gateway.security.issuer-uri=" + RealStack.ISSUER));
		source(args, "crm", "preset=salesforce", "base-url=" + Dialects.saasUrl("crm"),
				"auth.token-uri=" + Dialects.saasUrl("crm") + "/services/oauth2/token",
				"auth.client-id=customer-gateway", "auth.client-secret=env:CRM_CLIENT_SECRET");
		source(args, "marketing", "preset=hubspot", "base-url=" + Dialects.saasUrl("marketing"),
				"auth.token=env:MARKETING_TOKEN");
		source(args, "support", "preset=zendesk", "base-url=" + Dialects.saasUrl("support"), SUPPORT_TOKENS,
				"auth.client-id=customer-gateway", "auth.client-secret=env:SUPPORT_CLIENT_SECRET");
		source(args, "helpdesk", "preset=zendesk", "department=support", "base-url=" + Dialects.saasUrl("support"),
				SUPPORT_TOKENS, "auth.client-id=customer-gateway", "auth.client-secret=env:SUPPORT_CLIENT_SECRET",
				"mapping[0].field=customer.emails", "mapping[0].from=list(email)", "mapping[1].field=customer.phones",
				"mapping[1].from=list(e164(phone, user_fields.country))", "mapping[2].field=customer.region",
				"mapping[2].from=user_fields.region", "mapping[3].field=support.loyalty_tier",
				"mapping[3].from=user_fields.loyalty_tier");
		source(args, "wrong-secret", "preset=zendesk", "department=support", "base-url=" + Dialects.saasUrl("support"),
				SUPPORT_TOKENS, "auth.client-id=customer-gateway", "auth.client-secret=env:MARKETING_TOKEN");
		gateway = new SpringApplicationBuilder(CustomerDataGatewayApplication.class, OwnEventLoops.class)
			.run(args.toArray(String[]::new));
		client = LoopbackClient.on(Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port")));
		sam = new KeycloakRealm(RealStack.ISSUER).token("sam");
	}

	private static void source(List<String> args, String id, String... settings) {
		for (String setting : settings) {
			args.add("--gateway.federation.sources." + id + "." + setting);
		}
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void thePresetsReadNothingTheVendorsAnswersLack() {
		for (String source : List.of("crm", "marketing", "support")) {
			JsonNode report = check(source);
			assertThat(report.path("outcome").asString()).as(source).isEqualTo("answered");
			assertThat(report.path("authentication").asString()).as(source).isEqualTo("ok");
			assertThat(report.path("http_status").asInt()).as(source).isEqualTo(200);
			assertThat(report.at("/fields/records").asInt()).as(source).isOne();
			assertThat(report.at("/fields/missing")).as(source + " " + report).isEmpty();
			assertThat(report.path("ok").asBoolean()).as(source).isTrue();
		}
	}

	@Test
	void aUserFieldNoAdminCreatedIsReportedByName() {
		JsonNode report = check("helpdesk");

		assertThat(report.path("ok").asBoolean()).isFalse();
		assertThat(report.at("/fields/missing").findValuesAsString("path")).containsExactly("user_fields.loyalty_tier");
		assertThat(report.at("/fields/missing/0/fields/0").asString()).isEqualTo("support.loyalty_tier");
		assertThat(report.at("/fields/present").asInt()).isPositive();
	}

	@Test
	void aWrongClientSecretIsAFailedAuthentication() {
		JsonNode report = check("wrong-secret");

		assertThat(report.path("outcome").asString()).isEqualTo("unauthenticated");
		assertThat(report.path("authentication").asString()).isEqualTo("failed");
		assertThat(report.path("ok").asBoolean()).isFalse();
	}

	private static JsonNode check(String source) {
		return ok(client.get()
			.uri("/admin/sources/{source}/check", source)
			.headers((h) -> h.setBearerAuth(sam))
			.exchange());
	}

}
