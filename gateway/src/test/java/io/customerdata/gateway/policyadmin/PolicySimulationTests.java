package io.customerdata.gateway.policyadmin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.DecisionTable;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A draft that shows support the CRM's revenue in clear instead of as a band, compared
 * with the shipped policy: the simulation, the decision-table cases and the replay.
 */
class PolicySimulationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final PolicyInput.Subject CAROL = new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA");

	static final PolicyInput.Subject ALICE = new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA");

	static final PolicyInput.Customer EMEA_CUSTOMER = new PolicyInput.Customer("EMEA", false, Map.of());

	final PolicySimulation.Versions versions = versions();

	@Test
	void theSimulationMarksWhatTheDraftShowsMoreOf() {
		DecisionComparison comparison = this.versions.compare(new PolicyInput(CAROL, "support-case", EMEA_CUSTOMER),
				Set.of("crm"));

		assertThat(comparison.outcomeChanged()).isFalse();
		assertThat(comparison.changed()).singleElement().satisfies((field) -> {
			assertThat(field.source() + " " + field.field()).isEqualTo("crm sales.annual_revenue");
			assertThat(field.active()).isEqualTo("mask:range");
			assertThat(field.draft()).isEqualTo("allow");
			assertThat(field.change()).isEqualTo(DecisionComparison.Change.MORE);
		});
		assertThat(comparison.fields()).filteredOn((field) -> field.field().equals("sales.notes"))
			.singleElement()
			.satisfies((field) -> assertThat(field.active()).isEqualTo("deny").isEqualTo(field.draft()));
	}

	@Test
	void aRefusalUnderBothVersionsChangesNothing() {
		PolicyInput outOfRegion = new PolicyInput(CAROL, "support-case",
				new PolicyInput.Customer("APAC", false, Map.of()));
		DecisionComparison comparison = this.versions.compare(outOfRegion, Set.of("crm"));

		assertThat(comparison.active().allow()).isFalse();
		assertThat(comparison.outcomeChanged()).isFalse();
		assertThat(comparison.changed()).isEmpty();
	}

	@Test
	void theDecisionTableCasesOnSupportRevenueChange() throws IOException {
		List<String> changed = DecisionTable.builtIn(JSON).stream().filter((decisionCase) -> {
			DecisionComparison comparison = this.versions
				.compare(JSON.treeToValue(decisionCase.input(), PolicyInput.class));
			return comparison.outcomeChanged() || !comparison.changed().isEmpty();
		}).map(DecisionTable.Case::name).toList();

		assertThat(DecisionTable.builtIn(JSON)).hasSize(87);
		assertThat(changed).contains("support_sees_crm_revenue_as_a_band").hasSizeLessThan(87);
	}

	@Test
	void replayedDecisionsAreCountedByHowTheyWouldChange() {
		PolicySimulation.Replay replay = PolicySimulation.replay(this.versions,
				List.of(new PolicyInput(CAROL, "support-case", EMEA_CUSTOMER),
						new PolicyInput(ALICE, "account-management", EMEA_CUSTOMER),
						new PolicyInput(CAROL, "support-case", EMEA_CUSTOMER)));

		assertThat(replay.replayed()).isEqualTo(3);
		assertThat(replay.more()).isEqualTo(2);
		assertThat(replay.unchanged()).isEqualTo(1);
		assertThat(replay.less()).isZero();
		assertThat(replay.fields()).containsExactly(Map.entry("crm sales.annual_revenue", Map.of("more", 2)));
	}

	static PolicySimulation.Versions versions() {
		ObjectNode shipped = shipped();
		ObjectNode draft = shipped.deepCopy();
		draft.put("version", "2026-11-25.2");
		draft.path("grants")
			.valueStream()
			.filter((grant) -> grant.path("id").asString().equals("support-sees-crm-revenue-band"))
			.forEach((grant) -> ((ObjectNode) grant).put("effect", "allow"));
		PolicyReader reader = new PolicyReader(JSON);
		CompiledPolicy active = reader.compile(shipped);
		CompiledPolicy candidate = reader.compile(draft);
		return new PolicySimulation.Versions(version(1, shipped, PolicyState.PUBLISHED), active,
				version(2, draft, PolicyState.DRAFT), candidate);
	}

	private static PolicyVersion version(long id, ObjectNode document, PolicyState state) {
		Instant now = Instant.now();
		return new PolicyVersion(id, document.path("version").asString(), state, "sam", now, now, null, null, null,
				document.toString());
	}

	private static ObjectNode shipped() {
		try (InputStream in = new ClassPathResource("policy/data.json").getInputStream()) {
			return (ObjectNode) JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
