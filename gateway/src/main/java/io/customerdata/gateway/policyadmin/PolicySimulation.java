package io.customerdata.gateway.policyadmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.audit.AuditedDecisions;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.DecisionTable;
import io.customerdata.gateway.policy.PersonalGrants;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a version would change before it is in force: one subject's view of one customer
 * beside the version in force (simulation), and which decision-table cases and which of
 * the latest audited decisions it would decide otherwise (impact). Blocking: compiles
 * documents and reads the audit trail.
 */
final class PolicySimulation {

	private final PolicyAdministration administration;

	private final PolicyReader reader;

	private final JsonMapper json;

	private final AuditedDecisions audited;

	private final List<DecisionTable.Case> cases;

	PolicySimulation(PolicyAdministration administration, PolicyReader reader, JsonMapper json,
			AuditedDecisions audited, List<DecisionTable.Case> cases) {
		this.administration = administration;
		this.reader = reader;
		this.json = json;
		this.audited = audited;
		this.cases = List.copyOf(cases);
	}

	/** A version and the one in force, both compiled. */
	record Versions(PolicyVersion active, CompiledPolicy activePolicy, PolicyVersion candidate,
			CompiledPolicy candidatePolicy) {

		DecisionComparison compare(PolicyInput input, Set<String> sources) {
			return DecisionComparison.of(this.activePolicy.decide(input), this.candidatePolicy.decide(input), sources);
		}

		DecisionComparison compare(PolicyInput input) {
			return DecisionComparison.of(this.activePolicy.decide(input), this.candidatePolicy.decide(input));
		}

		DecisionComparison compare(PolicyInput input, PersonalGrants grants) {
			return DecisionComparison.of(this.activePolicy.decide(input, grants),
					this.candidatePolicy.decide(input, grants));
		}

	}

	/** A decision-table case the candidate decides otherwise. */
	record CaseChange(DecisionTable.Case decisionCase, DecisionComparison comparison) {
	}

	/**
	 * The latest audited decisions replayed under the candidate: how many it would decide
	 * the same, disclose more of, less of, or both (more of some fields, less of others).
	 *
	 * @param fields per changed field ({@code crm sales.annual_revenue}), how often it
	 * would be shown more and less
	 */
	record Replay(int replayed, int unchanged, int more, int less, int mixed,
			Map<String, Map<String, Integer>> fields) {
	}

	record Impact(Versions versions, int cases, List<CaseChange> changedCases, Replay replay) {
	}

	Versions versions(long id) {
		PolicyVersion active = this.administration.active();
		PolicyVersion candidate = this.administration.get(id);
		return new Versions(active, compile(active), candidate, compile(candidate));
	}

	Impact impact(long id, int replay) {
		Versions versions = versions(id);
		List<CaseChange> changed = new ArrayList<>();
		for (DecisionTable.Case decisionCase : this.cases) {
			DecisionComparison comparison = versions.compare(
					this.json.treeToValue(decisionCase.input(), PolicyInput.class),
					this.reader.readGrants(decisionCase.personalGrants()));
			if (comparison.outcomeChanged() || !comparison.changed().isEmpty()) {
				changed.add(new CaseChange(decisionCase, comparison));
			}
		}
		return new Impact(versions, this.cases.size(), changed,
				replay(versions, this.audited.latestDisclosures(replay)));
	}

	static Replay replay(Versions versions, List<PolicyInput> inputs) {
		int unchanged = 0;
		int more = 0;
		int less = 0;
		int mixed = 0;
		Map<String, Map<String, Integer>> fields = new LinkedHashMap<>();
		for (PolicyInput input : inputs) {
			DecisionComparison comparison = versions.compare(input);
			boolean showsMore = comparison.count(DecisionComparison.Change.MORE) > 0;
			boolean showsLess = comparison.count(DecisionComparison.Change.LESS) > 0;
			boolean masksOtherwise = comparison.count(DecisionComparison.Change.DIFFERENT) > 0;
			if (showsMore && showsLess) {
				mixed++;
			}
			else if (showsMore) {
				more++;
			}
			else if (showsLess) {
				less++;
			}
			else if (masksOtherwise) {
				mixed++;
			}
			else {
				unchanged++;
			}
			comparison.changed()
				.forEach((field) -> fields
					.computeIfAbsent(field.source() + " " + field.field(), (name) -> new LinkedHashMap<>())
					.merge(field.change().code(), 1, Integer::sum));
		}
		return new Replay(inputs.size(), unchanged, more, less, mixed, fields);
	}

	private CompiledPolicy compile(PolicyVersion version) {
		return this.reader.compile(this.json.readTree(version.document()));
	}

}
