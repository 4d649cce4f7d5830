package io.customerdata.gateway.policy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract: every case of {@code policies/decisions/*.json} against the embedded
 * evaluator. A new case file is picked up without code changes.
 */
class DecisionTableTests {

	static final CompiledPolicy POLICY = PolicyFixtures.shippedPolicy();

	static List<DecisionTable.Case> cases() throws IOException {
		List<DecisionTable.Case> cases = DecisionTable.load(PolicyFixtures.POLICIES.resolve("decisions"),
				PolicyFixtures.JSON);
		assertThat(cases).as("decision table cases").hasSizeGreaterThanOrEqualTo(60);
		return cases;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void embeddedEvaluatorHonoursTheContract(DecisionTable.Case decisionCase) {
		JsonNode decision = PolicyFixtures.JSON.valueToTree(decisionCase.decide(POLICY, PolicyFixtures.JSON));
		assertThat(DecisionTable.mismatches(decisionCase.expect(), decision)).as(decisionCase.toString()).isEmpty();
	}

}
