package io.customerdata.gateway;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial answers are honest and fast: the real departments are made slow or failing
 * through their chaos knobs, and the unified view must degrade, not wait or break.
 */
@RealStackTest(properties = { "gateway.federation.sources.support.response-timeout=500ms",
		"gateway.federation.sources.crm.resilience.sliding-window-size=4",
		"gateway.federation.sources.crm.resilience.minimum-number-of-calls=4",
		"gateway.federation.sources.crm.resilience.wait-in-open-state=60s" })
class UnifiedCustomerResilienceIT {

	static final long SUPPORT_TIMEOUT_MILLIS = 500;

	@Autowired
	GatewayClient gateway;

	String alice;

	String reference;

	@BeforeEach
	void setUp() {
		RealStack.calm();
		this.alice = this.gateway.token("alice");
		String email = RealStack.department("crm", "/accounts/ACC-000001").at("/primaryContact/email").asString();
		this.reference = "email:" + email.strip();
		view().expectStatus().isOk();
	}

	@AfterEach
	void calm() {
		RealStack.calm();
	}

	@Test
	void aSourceSlowerThanItsTimeoutIsLeftOutWithinTheTimeout() {
		RealStack.chaos("support", 3_000, 0);

		long start = System.nanoTime();
		JsonNode view = ok(view());
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

		assertThat(view.at("/_meta/partial").asBoolean()).isTrue();
		assertThat(view.at("/_meta/sources/support/status").asString()).isEqualTo("timeout");
		assertThat(view.at("/_meta/sources/crm/status").asString()).isEqualTo("ok");
		assertThat(view.at("/_meta/sources/marketing/status").asString()).isEqualTo("ok");
		assertThat(view.has("support")).isFalse();
		assertThat(view.at("/sales/account_id").asString()).isEqualTo("ACC-000001");
		assertThat(elapsedMillis).as("answered within the timeout + 150 ms").isLessThan(SUPPORT_TIMEOUT_MILLIS + 150);
	}

	@Test
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
	void aFailingSourceOpensItsBreakerAndStopsCostingTime() {
		RealStack.chaos("crm", 0, 1);
		String status = "";
		for (int call = 0; call < 8 && !status.equals("circuit-open"); call++) {
			JsonNode view = ok(view());
			status = view.at("/_meta/sources/crm/status").asString();
			assertThat(status).isIn("error", "circuit-open");
			assertThat(view.at("/_meta/partial").asBoolean()).isTrue();
			assertThat(view.at("/marketing/lead_score").isMissingNode()).as("the other sources still answer").isFalse();
		}
		assertThat(status).isEqualTo("circuit-open");
		JsonNode open = ok(view());
		assertThat(open.at("/_meta/sources/crm/latency_ms").asLong()).as("an open breaker answers at once")
			.isLessThan(20);
	}

	@Test
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
	void whenEverySourceFailsTheAnswerIsA503() {
		for (String department : RealStack.DEPARTMENTS) {
			RealStack.chaos(department, 0, 1);
		}
		assertProblem(view(), 503, "sources-unavailable");
	}

	private WebTestClient.ResponseSpec view() {
		return this.gateway.bearer(this.alice).get().uri("/api/v1/customers/{ref}", this.reference).exchange();
	}

}
