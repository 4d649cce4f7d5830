package io.customerdata.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static io.customerdata.gateway.testing.JsonResponses.json;
import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The insights after scripted traffic by alice, bob, carol and dan, with real Keycloak
 * tokens and the real departments, on a fresh audit trail: the sharing matrix, the unmet
 * demand and the unused grants hold exactly the rows the answers imply, worked out here
 * from the answers themselves and the policy in force.
 */
@RealStackTest
class InsightsIT {

	/** An EMEA customer with deals, known to all three departments. */
	static String customer;

	@Autowired
	GatewayClient gateway;

	@BeforeAll
	static void pickCustomer() {
		customer = RealStack.findCustomer((a) -> a.path("region").asString().equals("EMEA")
				&& a.path("deals").size() > 0 && !a.path("classification").asString().equals("restricted")
				&& knownEverywhere(a.at("/primaryContact/email").asString("")));
	}

	@Test
	void theInsightsHoldExactlyWhatTheAnswersImply() {
		JsonNode policy = ok(this.gateway.as("sue").get().uri("/admin/policies/active").exchange()).path("document");
		List<JsonNode> alice = List.of(view("alice", null), view("alice", null));
		JsonNode bob = view("bob", null);
		List<JsonNode> carol = List.of(view("carol", "support-case"), view("carol", "support-case"));
		json(this.gateway.customer("dan", customer, "support-case"), 403);
		String request = json(this.gateway.as("carol")
			.post()
			.uri("/api/v1/access-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"fields\": [\"crm:sales.deals[].amount\"], \"purpose\": \"support-case\", "
					+ "\"duration\": \"P7D\", \"justification\": \"a disputed renewal\"}")
			.exchange(), 201).path("id").asString();
		ok(this.gateway.as("sam").post().uri("/admin/access-requests/" + request + "/approve").exchange());
		ok(this.gateway.as("sue").post().uri("/admin/insights/refresh").exchange());

		JsonNode page = ok(this.gateway.as("sue").get().uri("/admin/insights").exchange());

		Map<List<String>, Long> disclosures = new HashMap<>();
		page.path("sharing")
			.forEach((row) -> disclosures.put(
					List.of(row.path("requester_department").asString(), row.path("source_department").asString()),
					row.path("disclosures").asLong()));
		Map<List<String>, Long> expected = new HashMap<>();
		for (String source : List.of("sales", "marketing", "support")) {
			expected.put(List.of("sales", source), 2L);
			expected.put(List.of("marketing", source), 1L);
			expected.put(List.of("support", source), 2L);
		}
		assertThat(disclosures).as("dan's refusal disclosed nothing").isEqualTo(expected);
		JsonNode supportOfSales = row(page.path("sharing"), "requester_department", "support", "source_department",
				"sales");
		assertThat(supportOfSales.path("withheld").asLong())
			.isEqualTo(2L * classified(policy, "crm", names(carol.get(0), "withheld_fields", "crm")).size());
		assertThat(supportOfSales.path("masked").asLong())
			.isEqualTo(2L * classified(policy, "crm", names(carol.get(0), "masked_fields", "crm")).size());

		Set<List<String>> unmet = new LinkedHashSet<>();
		page.path("unmet_demand")
			.forEach((row) -> unmet
				.add(List.of(row.path("role").asString(), row.path("purpose").asString(), row.path("source").asString(),
						row.path("field").asString(), row.path("withheld").asString(), row.path("denied").asString())));
		Set<List<String>> expectedUnmet = new LinkedHashSet<>();
		unmetOf(expectedUnmet, policy, "sales-rep", "account-management", alice);
		unmetOf(expectedUnmet, policy, "marketing-analyst", "campaign-planning", List.of(bob));
		unmetOf(expectedUnmet, policy, "support-agent", "support-case", carol);
		expectedUnmet.add(List.of("support-agent", "support-case", "*", "*", "0", "1"));
		assertThat(unmet).containsExactlyInAnyOrderElementsOf(expectedUnmet);
		JsonNode amounts = row(page.path("unmet_demand"), "role", "support-agent", "field", "sales.deals[].amount");
		assertThat(amounts.path("requests").findValuesAsString("id")).containsExactly(request);
		assertThat(page.at("/unmet_demand/0/rank").asInt()).isEqualTo(1);

		Map<String, List<String>> unused = new HashMap<>();
		page.path("unused_grants")
			.forEach((row) -> unused.put(row.path("grant").asString(),
					row.path("unused").valueStream().map(JsonNode::asString).toList()));
		assertThat(unused).as("pseudonymous analytics: nobody asked for customer-analytics")
			.containsEntry("analytics-is-pseudonymous", List.of("customer.name", "sales.annual_revenue"))
			.containsEntry("sales-followup-uses-marketing-with-consent",
					List.of("marketing.campaigns", "marketing.last_engagement", "marketing.segments"))
			.as("carol was shown the revenue band")
			.doesNotContainKey("support-sees-crm-revenue-band")
			.as("carol has not looked since her grant")
			.containsEntry(request, List.of("sales.deals[].amount"));

		assertThat(page.path("funnel").path("requested").asInt()).isEqualTo(1);
		assertThat(page.path("funnel").path("approved").asInt()).isEqualTo(1);
		assertThat(page.path("funnel").path("median_time_to_decision").isNull()).isFalse();

		String csv = this.gateway.as("sue")
			.get()
			.uri("/admin/insights/unmet-demand.csv")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(csv.lines()).hasSize(1 + expectedUnmet.size());
		assertThat(csv.lines().findFirst().orElseThrow())
			.isEqualTo("rank,role,purpose,source,field,withheld,denied,requests");

		String metrics = this.gateway.management()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains(
				"gateway_insights_shared_fields{requester_department=\"support\",source_department=\"sales\",view=\"withheld\"} "
						+ supportOfSales.path("withheld").asLong() + ".0")
			.contains("gateway_insights_requests{status=\"approved\"} 1.0");

		view("carol", "support-case");
		ok(this.gateway.as("sue").post().uri("/admin/insights/refresh").exchange());
		assertThat(ok(this.gateway.as("sue").get().uri("/admin/insights").exchange()).path("unused_grants")
			.findValuesAsString("grant")).as("she looked since").doesNotContain(request);
	}

	/** Each withheld field of the answers, once per answer, for the role and purpose. */
	private static void unmetOf(Set<List<String>> rows, JsonNode policy, String role, String purpose,
			List<JsonNode> answers) {
		Map<List<String>, Integer> counts = new HashMap<>();
		for (JsonNode answer : answers) {
			answer.at("/_meta/fields/withheld_fields").forEach((name) -> {
				String source = name.asString().substring(0, name.asString().indexOf(':'));
				classified(policy, source, List.of(name.asString().substring(source.length() + 1)))
					.forEach((field) -> counts.merge(List.of(source, field), 1, Integer::sum));
			});
		}
		counts.forEach((key, count) -> rows.add(List.of(role, purpose, key.get(0), key.get(1), count.toString(), "0")));
	}

	/**
	 * The policy's fields for these names: a withheld list stands for all below it, a
	 * value inside a field for that field.
	 */
	private static Set<String> classified(JsonNode policy, String source, List<String> names) {
		Set<String> fields = new LinkedHashSet<>();
		List<String> known = new ArrayList<>();
		policy.at("/sources/" + source + "/fields").properties().forEach((field) -> known.add(field.getKey()));
		for (String name : names) {
			List<String> under = known.stream()
				.filter((f) -> f.equals(name) || f.startsWith(name + "[]") || f.startsWith(name + "."))
				.toList();
			List<String> above = known.stream()
				.filter((f) -> name.startsWith(f + ".") || name.startsWith(f + "[]"))
				.toList();
			fields.addAll(!under.isEmpty() ? under : !above.isEmpty() ? above : List.of("*"));
		}
		return fields;
	}

	private static List<String> names(JsonNode answer, String list, String source) {
		List<String> names = new ArrayList<>();
		answer.at("/_meta/fields/" + list).forEach((name) -> {
			if (name.asString().startsWith(source + ":")) {
				names.add(name.asString().substring(source.length() + 1));
			}
		});
		return names;
	}

	private static JsonNode row(JsonNode rows, String key, String value, String otherKey, String otherValue) {
		return rows.valueStream()
			.filter((row) -> row.path(key).asString().equals(value) && row.path(otherKey).asString().equals(otherValue))
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"no row " + key + "=" + value + ", " + otherKey + "=" + otherValue + " in " + rows));
	}

	private JsonNode view(String username, String purpose) {
		return this.gateway.view(username, customer, purpose);
	}

	private static boolean knownEverywhere(String email) {
		if (email.isBlank()) {
			return false;
		}
		String encoded = URLEncoder.encode(email, StandardCharsets.UTF_8);
		try {
			RealStack.department("marketing", "/contacts/" + encoded);
		}
		catch (IllegalStateException notKnown) {
			return false;
		}
		return RealStack.department("support", "/api/v2/requesters?email=" + encoded).path("requesters").size() > 0;
	}

}
