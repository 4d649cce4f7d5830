package io.customerdata.gateway.policy;

import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.Decision.Reason;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPolicyDecisionPointTests {

	static final PolicyInput ALICE_ON_EMEA_CUSTOMER = new PolicyInput(
			new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA"), null,
			new PolicyInput.Customer("EMEA", false, Map.of()));

	@Test
	void decidesWithoutBlockingAndCachesOnTheExactInput() {
		EmbeddedPolicyDecisionPoint pdp = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(), 100);
		Decision first = pdp.decideNow(ALICE_ON_EMEA_CUSTOMER);
		StepVerifier.create(pdp.decide(ALICE_ON_EMEA_CUSTOMER)).expectNext(first).verifyComplete();
		assertThat(pdp.decideNow(ALICE_ON_EMEA_CUSTOMER)).isSameAs(first);
		PolicyInput otherRegion = new PolicyInput(ALICE_ON_EMEA_CUSTOMER.subject(), null,
				new PolicyInput.Customer("APAC", false, Map.of()));
		assertThat(pdp.decideNow(otherRegion)).isNotSameAs(first);
	}

	@Test
	void aNewVersionTakesOverAtOnceAndForgetsOldDecisions() {
		EmbeddedPolicyDecisionPoint pdp = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(), 100);
		assertThat(pdp.decideNow(ALICE_ON_EMEA_CUSTOMER).sources().get("crm").get("sales.notes")).isEqualTo("allow");

		ObjectNode stricter = PolicyFixtures.shippedDocument();
		stricter.put("version", "2026-11-25.2");
		((ObjectNode) stricter.get("sources").get("crm").get("fields")).put("sales.notes", "restricted");
		pdp.activate(new PolicyReader().compile(stricter));

		Decision after = pdp.decideNow(ALICE_ON_EMEA_CUSTOMER);
		assertThat(after.policyVersion()).isEqualTo("2026-11-25.2");
		assertThat(after.sources().get("crm").get("sales.notes")).isEqualTo("deny");
	}

	@Test
	void aRequestFinishesOnTheVersionItStartedWith() {
		EmbeddedPolicyDecisionPoint pdp = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(), 100);
		PolicyDecisionPoint inFlight = pdp.pinned();

		ObjectNode next = PolicyFixtures.shippedDocument();
		next.put("version", "2026-11-25.2");
		pdp.activate(new PolicyReader().compile(next));

		assertThat(inFlight.decide(ALICE_ON_EMEA_CUSTOMER).block().policyVersion()).isEqualTo("2026-11-25.1");
		assertThat(pdp.pinned().decide(ALICE_ON_EMEA_CUSTOMER).block().policyVersion()).isEqualTo("2026-11-25.2");
	}

	@Test
	void reasonCodesAreTheirJsonNames() {
		for (Reason reason : Reason.values()) {
			assertThat(PolicyFixtures.JSON.writeValueAsString(reason)).isEqualTo("\"" + reason.code() + "\"");
		}
	}

	@Test
	void anInputTheEvaluatorChokesOnIsADeny() {
		EmbeddedPolicyDecisionPoint pdp = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(), 100);
		java.util.Set<String> rolesWithNull = new java.util.HashSet<>();
		rolesWithNull.add(null);
		Decision decision = pdp.decideNow(new PolicyInput(new PolicyInput.Subject(rolesWithNull, null, null), null,
				new PolicyInput.Customer("EMEA", false, Map.of())));
		assertThat(decision.allow()).isFalse();
		assertThat(decision.reason()).isEqualTo(Reason.EVALUATION_ERROR);
		assertThat(decision.sources()).isEmpty();
	}

}
