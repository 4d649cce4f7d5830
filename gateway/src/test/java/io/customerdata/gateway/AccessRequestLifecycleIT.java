package io.customerdata.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.JsonResponses.json;
import static io.customerdata.gateway.testing.JsonResponses.ok;
import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of access requests with real Keycloak tokens and the real departments, the
 * gateway's clock in the test's hand: carol asks for the deal amounts withheld from her,
 * sam approves them for a day, she sees them, and a day later she does not; bob's request
 * is rejected with a comment; sam cannot decide his own; a promoted request becomes a
 * draft that takes four eyes; every step is in the audit trail.
 */
@RealStackTest
class AccessRequestLifecycleIT {

	/** An EMEA customer with deals in the CRM: carol's region. */
	static String customer;

	@Autowired
	GatewayClient gateway;

	@Autowired
	MutableClock clock;

	@TestConfiguration
	static class GatewayClock {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock(Instant.now());
		}

	}

	@BeforeAll
	static void pickCustomer() {
		customer = RealStack.findCustomer((a) -> a.path("region").asString().equals("EMEA")
				&& a.path("deals").size() > 0 && !a.path("classification").asString().equals("restricted"));
	}

	@Test
	void carolSeesTheAmountsSamApprovedForADayAndNotAfterIt() {
		JsonNode before = view("carol", "support-case");
		assertThat(amounts(before)).as("withheld from support").isEmpty();
		JsonNode hint = before.at("/_meta/access_request");
		assertThat(hint.path("href").asString()).isEqualTo("/api/v1/access-requests");
		assertThat(hint.at("/body/fields").valueStream().map(JsonNode::asString)).contains("crm:sales.deals[].amount");
		assertThat(hint.at("/body/purpose").asString()).isEqualTo("support-case");

		JsonNode filed = json(this.gateway.as("carol")
			.post()
			.uri("/api/v1/access-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"fields": ["crm:sales.deals[].amount"], "purpose": "support-case", "duration": "P1D",
					 "justification": "The customer disputes the amount of a renewal on ticket 4711."}""")
			.exchange(), 201);
		String id = filed.path("id").asString();
		assertThat(filed.path("status").asString()).isEqualTo("pending");
		assertThat(
				ok(this.gateway.as("carol").get().uri("/api/v1/access-requests").exchange()).findValuesAsString("id"))
			.contains(id);
		assertProblem(this.gateway.as("alice").get().uri("/api/v1/access-requests/" + id).exchange(), 404, "not-found");
		assertProblem(this.gateway.as("carol").get().uri("/admin/access-requests").exchange(), 403, "forbidden");

		JsonNode detail = ok(this.gateway.as("sam").get().uri("/admin/access-requests/" + id).exchange());
		assertThat(detail.at("/requester/username").asString()).isEqualTo("carol");
		assertThat(detail.at("/requester/region").asString()).isEqualTo("EMEA");
		assertThat(detail.at("/requester/roles/0").asString()).isEqualTo("support-agent");
		assertThat(detail.path("recent_refusals").findValuesAsString("action")).as("her view above").contains("view");
		assertThat(detail.at("/simulation/changes")).singleElement().satisfies((change) -> {
			assertThat(change.path("field").asString()).isEqualTo("sales.deals[].amount");
			assertThat(change.path("now").asString()).isEqualTo("deny");
			assertThat(change.path("approved").asString()).isEqualTo("allow");
		});

		JsonNode approved = ok(
				this.gateway.as("sam").post().uri("/admin/access-requests/" + id + "/approve").exchange());
		assertThat(approved.path("status").asString()).isEqualTo("approved");
		assertThat(approved.path("grant_state").asString()).isEqualTo("in-force");
		assertThat(Duration.between(Instant.parse(approved.path("decided_at").asString()),
				Instant.parse(approved.path("grant_expires_at").asString())))
			.as("a day from approval")
			.isEqualTo(Duration.ofDays(1));

		JsonNode granted = view("carol", "support-case");
		assertThat(amounts(granted)).as(granted.at("/sales").toString()).isNotEmpty();
		JsonNode anotherPurpose = json(this.gateway.customer("carol", customer, "account-management"), 403);
		assertThat(anotherPurpose.path("code").asString()).as("not for another purpose").isEqualTo("policy-denied");
		assertThat(anotherPurpose.at("/access_request/body/fields").toString()).as("how to ask").isEqualTo("[\"crm\"]");

		this.clock.advance(Duration.ofDays(1));
		assertThat(amounts(view("carol", "support-case"))).as("expired").isEmpty();
		assertThat(
				ok(this.gateway.as("carol").get().uri("/api/v1/access-requests/" + id).exchange()).path("grant_state")
					.asString())
			.isEqualTo("expired");
		this.clock.advance(Duration.ofDays(-1));

		assertThat(actions("carol")).contains("request-created", "view");
		assertThat(actions("sam")).contains("request-approved");
	}

	@Test
	void anyOfficerRevokesAGrantAtOnce() {
		String id = file("carol", "crm:sales.notes", "support-case");
		ok(this.gateway.as("sue").post().uri("/admin/access-requests/" + id + "/approve").exchange());
		assertThat(view("carol", "support-case").at("/sales/notes").isMissingNode()).isFalse();

		JsonNode revoked = ok(this.gateway.as("sam")
			.post()
			.uri("/admin/access-requests/" + id + "/revoke")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"comment\": \"case closed\"}")
			.exchange());
		assertThat(revoked.path("grant_state").asString()).isEqualTo("revoked");
		assertThat(view("carol", "support-case").at("/sales/notes").isMissingNode()).isTrue();
		assertThat(actions("sam")).contains("request-revoked");
	}

	@Test
	void bobsRequestIsRejectedWithAComment() {
		String id = file("bob", "support:support.tickets[].description", "campaign-planning");
		assertProblem(this.gateway.as("sue").post().uri("/admin/access-requests/" + id + "/reject").exchange(), 400,
				"bad-request");

		JsonNode rejected = ok(this.gateway.as("sue")
			.post()
			.uri("/admin/access-requests/" + id + "/reject")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"comment\": \"Ticket texts are not for campaigns.\"}")
			.exchange());
		assertThat(rejected.path("status").asString()).isEqualTo("rejected");
		assertThat(rejected.path("decision_comment").asString()).isEqualTo("Ticket texts are not for campaigns.");
		assertProblem(this.gateway.as("sam").post().uri("/admin/access-requests/" + id + "/approve").exchange(), 409,
				"access-request-state-conflict");
		assertThat(actions("sue")).contains("request-rejected");
	}

	@Test
	void everyRefusalARequestCouldLiftSaysHowToAsk() {
		JsonNode search = json(
				this.gateway.as("sam", "account-management").get().uri("/api/v1/customers?q=hoppe").exchange(), 403);
		assertThat(search.path("code").asString()).isEqualTo("policy-denied");
		assertThat(search.at("/access_request/body/fields").toString())
			.isEqualTo("[\"crm\",\"marketing\",\"support\"]");
		assertThat(search.at("/access_request/body/purpose").asString()).isEqualTo("account-management");

		JsonNode passThrough = json(this.gateway.department("sam", "account-management",
				"/crm/accounts/" + customer.substring("crm:".length())), 403);
		assertThat(passThrough.at("/access_request/body/fields").toString()).isEqualTo("[\"crm\"]");

		JsonNode outOfRegion = json(this.gateway.customer("dan", customer, "support-case"), 403);
		assertThat(outOfRegion.path("access_request").isMissingNode()).as("no request lifts a region").isTrue();
	}

	@Test
	void samCannotDecideHisOwnRequest() {
		String id = file("sam", "crm:sales.deals[].amount", "account-management");
		assertProblem(this.gateway.as("sam").post().uri("/admin/access-requests/" + id + "/approve").exchange(), 403,
				"four-eyes");
		assertProblem(this.gateway.as("sam")
			.post()
			.uri("/admin/access-requests/" + id + "/reject")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"comment\": \"never mind\"}")
			.exchange(), 403, "four-eyes");
		assertThat(ok(this.gateway.as("sue").get().uri("/admin/access-requests/" + id).exchange()).path("status")
			.asString()).isEqualTo("pending");
	}

	@Test
	void aPromotedRequestBecomesADraftThatTakesFourEyes() {
		String id = file("alice", "support:support.csat", "account-management");
		JsonNode promoted = ok(
				this.gateway.as("sue").post().uri("/admin/access-requests/" + id + "/promote").exchange());
		assertThat(promoted.path("status").asString()).isEqualTo("promoted");
		long draft = promoted.path("promoted_version").asLong();

		JsonNode version = ok(this.gateway.as("sue").get().uri("/admin/policies/" + draft).exchange());
		assertThat(version.path("state").asString()).isEqualTo("draft");
		assertThat(version.path("author").asString()).isEqualTo("sue");
		JsonNode grant = version.at("/document/grants")
			.valueStream()
			.filter((g) -> g.path("id").asString().equals("request-" + id + "-support"))
			.findFirst()
			.orElseThrow();
		assertThat(grant.path("roles").toString()).isEqualTo("[\"sales-rep\"]");
		assertThat(grant.path("fields").toString()).isEqualTo("[\"support.csat\"]");
		assertThat(grant.path("purposes").toString()).isEqualTo("[\"account-management\"]");

		this.gateway.as("sue").post().uri("/admin/policies/" + draft + "/submit").exchange().expectStatus().isOk();
		assertProblem(this.gateway.as("sue").post().uri("/admin/policies/" + draft + "/approve").exchange(), 403,
				"four-eyes");
		this.gateway.as("sam").post().uri("/admin/policies/" + draft + "/approve").exchange().expectStatus().isOk();
		assertThat(actions("sue")).contains("request-promoted");
	}

	@Test
	void aRequestNamesFieldsThePolicyKnowsAndADurationWithinTheMaximum() {
		assertProblem(fileRaw("carol", "{\"fields\": [\"crm:sales.secret\"], \"purpose\": \"support-case\", "
				+ "\"duration\": \"P1D\", \"justification\": \"x\"}"), 400, "bad-request");
		assertProblem(fileRaw("carol", "{\"fields\": [\"crm:sales.notes\"], \"purpose\": \"support-case\", "
				+ "\"duration\": \"P31D\", \"justification\": \"x\"}"), 400, "bad-request");
		assertProblem(fileRaw("carol",
				"{\"fields\": [\"crm:sales.notes\"], \"purpose\": \"support-case\", " + "\"duration\": \"P1D\"}"), 400,
				"bad-request");
		assertProblem(fileRaw("carol", "{\"fields\": [\"crm\"], \"purpose\": \"world-domination\", "
				+ "\"duration\": \"P1D\", \"justification\": \"x\"}"), 400, "unknown-purpose");
	}

	private String file(String username, String field, String purpose) {
		return json(
				fileRaw(username,
						"{\"fields\": [\"" + field + "\"], \"purpose\": \"" + purpose
								+ "\", \"duration\": \"P7D\", \"justification\": \"Needed for the case at hand.\"}"),
				201)
			.path("id")
			.asString();
	}

	private WebTestClient.ResponseSpec fileRaw(String username, String body) {
		return this.gateway.as(username)
			.post()
			.uri("/api/v1/access-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private JsonNode view(String username, String purpose) {
		return this.gateway.view(username, customer, purpose);
	}

	private static List<String> amounts(JsonNode view) {
		List<String> amounts = new ArrayList<>();
		view.at("/sales/deals").forEach((deal) -> {
			if (deal.has("amount")) {
				amounts.add(deal.path("amount").toString());
			}
		});
		return amounts;
	}

	private List<String> actions(String subject) {
		return ok(this.gateway.as("sue").get().uri("/admin/audit?subject=" + subject + "&limit=200").exchange())
			.findValuesAsString("action");
	}

}
