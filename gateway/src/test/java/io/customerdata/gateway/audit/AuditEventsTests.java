package io.customerdata.gateway.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a request is described to the trail: a refusal by policy is a {@code deny}, even
 * when it is answered as "not found"; other problems decided nothing; and what was
 * disclosed is named by path, never by value.
 */
class AuditEventsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aRefusalByPolicyIsADenyEvenWhenAnsweredAsNotFound() {
		AuditEvent denied = AuditEvents.refused(AuditEvent.of("carol", "view"),
				GatewayProblem.of(ProblemType.POLICY_DENIED, "Denied."));
		AuditEvent hidden = AuditEvents.refused(AuditEvent.of("carol", "view"),
				GatewayProblem.refusal(ProblemType.NOT_FOUND, "Not found.", "out-of-region"));
		AuditEvent timedOut = AuditEvents.refused(AuditEvent.of("carol", "view"),
				GatewayProblem.of(ProblemType.UPSTREAM_TIMEOUT, "Timed out."));
		AuditEvent unknown = AuditEvents.refused(AuditEvent.of("carol", "view"),
				GatewayProblem.of(ProblemType.CUSTOMER_NOT_FOUND, "Customer not found."));

		assertThat(denied.decision()).isEqualTo(AuditEvent.DENY);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(hidden.decision()).isEqualTo(AuditEvent.DENY);
		assertThat(hidden.reason()).isEqualTo("out-of-region");
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(timedOut.decision()).as("nothing was decided").isEqualTo(AuditEvent.NONE);
		assertThat(timedOut.status()).isEqualTo(504);
		assertThat(timedOut.reason()).isEqualTo("upstream-timeout");
		assertThat(unknown.decision()).isEqualTo(AuditEvent.NONE);
	}

	@Test
	void disclosedFieldsAreNamedByTheirPathsToEveryValue() {
		String document = """
				{"_meta": {"sources": {"crm": "ok"}},
				 "customer": {"name": "Alice", "emails": ["a@example.com", "b@example.com"], "address": {}},
				 "sales": {"deals": [{"amount": 1, "stage": "won"}, {"amount": 2, "close_date": "2026"}],
				           "notes": null, "tags": []},
				 "support": {"tickets": [[{"subject": "x"}]]}}
				""";

		assertThat(AuditEvents.fieldNames(JSON.readTree(document), "_meta")).containsExactly("customer.name",
				"customer.emails", "customer.address", "sales.deals[].amount", "sales.deals[].stage",
				"sales.deals[].close_date", "sales.notes", "sales.tags", "support.tickets[][].subject");
		assertThat(AuditEvents.fieldNames(JSON.readTree("{\"_meta\": {\"x\": 1}}"))).containsExactly("_meta.x");
	}

	@Test
	void aPurposeThePolicyDoesNotKnowIsRecordedAsUnknownInTheEventAndItsInput() {
		PolicyInput input = new PolicyInput(new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA"),
				"gossip", new PolicyInput.Customer("EMEA", false, Map.of()));
		AuditEvent decided = AuditEvent.of("carol", "view").purpose("gossip").input(input).build(403);
		AuditEvent undecided = AuditEvent.of("carol", "view").purpose("gossip").build(400);

		assertThat(decided.withUnknownPurpose().purpose()).isEqualTo(AuditEvent.UNKNOWN_PURPOSE);
		assertThat(decided.withUnknownPurpose().input())
			.isEqualTo(new PolicyInput(input.subject(), AuditEvent.UNKNOWN_PURPOSE, input.customer()));
		assertThat(undecided.withUnknownPurpose().purpose()).isEqualTo(AuditEvent.UNKNOWN_PURPOSE);
		assertThat(undecided.withUnknownPurpose().input()).isNull();
	}

	@Test
	void anEventTakesTheTimeFromItsStartToItsBuilding() {
		long before = System.nanoTime();
		AuditEvent.Builder started = AuditEvent.of("carol", "view");
		AuditEvent event = started.build(200);
		long elapsed = Duration.ofNanos(System.nanoTime() - before).toMillis();

		assertThat(event.latencyMillis()).isBetween(0L, elapsed);
		assertThat(event.records()).isEqualTo(List.of());
	}

}
