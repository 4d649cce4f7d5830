package io.customerdata.gateway;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.json;
import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of a policy change with real Keycloak tokens for the officers sam and sue and
 * the real departments: sam drafts, sam cannot approve, sue approves, sam publishes, and
 * carol's next lookup shows the change; a rollback restores her old view.
 */
@RealStackTest
class PolicyAdministrationIT {

	/** An EMEA customer with revenue in the CRM: carol's region. */
	static String customer;

	@Autowired
	GatewayClient gateway;

	@BeforeAll
	static void pickCustomer() {
		customer = RealStack.findCustomer((a) -> a.path("region").asString().equals("EMEA")
				&& a.path("annualRevenue").isNumber() && !a.path("classification").asString().equals("restricted"));
	}

	@Test
	void aChangeReviewedByTwoOfficersReachesTheNextLookupAndARollbackUndoesIt() {
		JsonNode before = carolsView();
		assertThat(before.at("/sales/annual_revenue").asString()).as("a revenue band").matches("\\[\\d*, \\d*\\)");
		JsonNode active = ok(this.gateway.as("sam").get().uri("/admin/policies/active").exchange());

		ObjectNode document = (ObjectNode) active.path("document").deepCopy();
		for (JsonNode grant : document.path("grants")) {
			if (grant.path("id").asString().equals("support-sees-crm-revenue-band")) {
				((ObjectNode) grant).put("effect", "allow");
			}
		}
		JsonNode draft = json(this.gateway.as("sam")
			.post()
			.uri("/admin/policies")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(document.toString())
			.exchange(), 201);
		long id = draft.path("id").asLong();
		assertTheDraftsEffectIsVisibleBeforeItIsApproved(id);
		step("sam", id, "submit").expectStatus().isOk();
		assertProblem(step("sam", id, "approve"), 403, "four-eyes");
		step("sue", id, "approve").expectStatus().isOk();
		assertThat(carolsView().at("/sales/annual_revenue")).as("approved, not yet published")
			.isEqualTo(before.at("/sales/annual_revenue"));
		step("sam", id, "publish").expectStatus().isOk();

		JsonNode after = carolsView();
		assertThat(after.at("/_meta/policy_version").asString()).isEqualTo(draft.path("version").asString());
		assertThat(after.at("/sales/annual_revenue").isNumber()).as(after.at("/sales").toString()).isTrue();

		this.gateway.as("sue")
			.post()
			.uri("/admin/policies/" + active.path("id").asLong() + "/rollback")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"comment\": \"revenue is for sales only\"}")
			.exchange()
			.expectStatus()
			.isOk();
		JsonNode restored = carolsView();
		assertThat(restored.at("/sales/annual_revenue")).isEqualTo(before.at("/sales/annual_revenue"));
		assertThat(restored.at("/_meta/policy_version").asString()).isNotEqualTo(draft.path("version").asString())
			.isNotEqualTo(before.at("/_meta/policy_version").asString());
	}

	/**
	 * Carol's view of the customer under the draft beside the version in force, and the
	 * draft's impact on the decision table and on the audited decisions (carol's view
	 * above among them).
	 */
	private void assertTheDraftsEffectIsVisibleBeforeItIsApproved(long id) {
		JsonNode simulation = ok(this.gateway.as("sue")
			.post()
			.uri("/admin/policies/" + id + "/simulate")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"subject\": {\"user\": \"carol\"}, \"customer\": \"" + customer
					+ "\", \"purpose\": \"support-case\"}")
			.exchange());
		assertThat(simulation.at("/decisions/active/allow").asBoolean()).isTrue();
		assertThat(simulation.at("/summary/more").asInt()).isEqualTo(1);
		assertThat(simulation.at("/summary/less").asInt()).isZero();
		assertThat(simulation.path("fields").valueStream().filter((f) -> !f.path("change").asString().equals("same")))
			.singleElement()
			.satisfies((field) -> {
				assertThat(field.path("field").asString()).isEqualTo("sales.annual_revenue");
				assertThat(field.path("active").asString()).isEqualTo("mask:range");
				assertThat(field.path("draft").asString()).isEqualTo("allow");
				assertThat(field.path("change").asString()).isEqualTo("more");
			});
		assertThat(simulation.toString()).as("decisions only, never a value")
			.doesNotContain(
					RealStack.department("crm", "/accounts/" + customer.substring(4)).path("accountName").asString());

		JsonNode outOfRegion = ok(this.gateway.as("sue")
			.post()
			.uri("/admin/policies/" + id + "/simulate")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"subject\": {\"roles\": [\"support-agent\"], \"department\": \"support\", "
					+ "\"region\": \"APAC\"}, \"customer\": \"" + customer + "\"}")
			.exchange());
		assertThat(outOfRegion.at("/decisions/draft/reason").asString()).isEqualTo("out-of-region");
		assertThat(outOfRegion.at("/summary/more").asInt()).isZero();

		JsonNode impact = ok(
				this.gateway.as("sue").get().uri("/admin/policies/" + id + "/impact?replay=100").exchange());
		assertThat(impact.at("/decision_table/cases").asInt()).isEqualTo(87);
		assertThat(impact.at("/decision_table/changed_cases").findValuesAsString("name"))
			.contains("support_sees_crm_revenue_as_a_band");
		assertThat(impact.at("/audited_decisions/replayed").asInt()).isPositive();
		assertThat(impact.at("/audited_decisions/more_disclosed").asInt()).isPositive();
		assertThat(impact.at("/audited_decisions/less_disclosed").asInt()).isZero();
		assertThat(impact.at("/audited_decisions/fields").has("crm sales.annual_revenue")).isTrue();
	}

	private JsonNode carolsView() {
		return this.gateway.view("carol", customer, "support-case");
	}

	private WebTestClient.ResponseSpec step(String officer, long id, String step) {
		return this.gateway.as(officer).post().uri("/admin/policies/" + id + "/" + step).exchange();
	}

}
