package io.customerdata.gateway.insights;

import java.nio.file.Path;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/** How audit events count in the daily roll-ups, against the shipped policy. */
class DailyRollupTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final CompiledPolicy POLICY = new PolicyReader(JSON).read(new FileSystemResource(
			Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")));

	final DailyRollup rollup = new DailyRollup(POLICY);

	@Test
	void aViewCountsForTheRequestingDepartmentPerSourceAndForEachKnownRolePerField() {
		this.rollup.add(JSON.readTree(
				"""
						{"action": "view", "subject": "carol", "roles": ["offline_access", "support-agent"],
						 "purpose": "support-case", "decision": "allow",
						 "sources": {"crm": "ok", "support": "ok"},
						 "disclosed": ["crm:customer.name", "crm:sales.owner.name", "crm:sales.owner.userId", "support:support.csat", "crm:vendor.extra"],
						 "masked": ["crm:sales.annual_revenue"],
						 "withheld": ["crm:sales.deals", "crm:sales.notes"],
						 "input": {"subject": {"department": "support"}}}"""));

		assertThat(this.rollup.sharing()).containsExactly(new DailyRollup.SharingRow("support", "crm", 1, 3, 1, 5),
				new DailyRollup.SharingRow("support", "support", 1, 1, 0, 0));
		assertThat(this.rollup.fields()).contains(
				new DailyRollup.FieldRow("support-agent", "support-case", "crm", "sales.deals[].amount", 0, 0, 1, 0),
				new DailyRollup.FieldRow("support-agent", "support-case", "crm", "sales.deals[].close_date", 0, 0, 1,
						0),
				new DailyRollup.FieldRow("support-agent", "support-case", "crm", "sales.annual_revenue", 0, 1, 0, 0),
				new DailyRollup.FieldRow("support-agent", "support-case", "crm", "sales.owner", 1, 0, 0, 0),
				new DailyRollup.FieldRow("support-agent", "support-case", "crm", "*", 1, 0, 0, 0));
		assertThat(this.rollup.fields()).as("roles the policy does not know count for nothing")
			.allMatch((row) -> row.role().equals("support-agent"));
	}

	@Test
	void aRefusalWholeCountsAsDeniedAndOtherActionsNotAtAll() {
		this.rollup.add(JSON.readTree("""
				{"action": "view", "subject": "dan", "roles": ["support-agent"], "purpose": "support-case",
				 "decision": "deny", "reason": "out-of-region", "sources": {}, "disclosed": [], "masked": [],
				 "withheld": []}"""));
		this.rollup.add(JSON.readTree("""
				{"action": "request-created", "subject": "dan", "roles": ["support-agent"], "purpose": "support-case",
				 "decision": "none"}"""));

		assertThat(this.rollup.fields())
			.containsExactly(new DailyRollup.FieldRow("support-agent", "support-case", "*", "*", 0, 0, 0, 1));
		assertThat(this.rollup.sharing()).isEmpty();
		assertThat(this.rollup.events()).isEqualTo(2);
	}

	@Test
	void aPassThroughReadCountsForItsOneSourceAndTheRolesDepartment() {
		this.rollup.add(JSON.readTree(
				"""
						{"action": "read", "subject": "alice", "roles": ["sales-rep"], "purpose": "account-management",
						 "decision": "allow", "sources": {"support": "ok"},
						 "disclosed": ["support.tickets[].subject"], "masked": [], "withheld": ["support.tickets[].description"]}"""));

		assertThat(this.rollup.sharing()).containsExactly(new DailyRollup.SharingRow("sales", "support", 1, 1, 0, 1));
		assertThat(this.rollup.fields()).containsExactlyInAnyOrder(
				new DailyRollup.FieldRow("sales-rep", "account-management", "support", "support.tickets[].subject", 1,
						0, 0, 0),
				new DailyRollup.FieldRow("sales-rep", "account-management", "support", "support.tickets[].description",
						0, 0, 1, 0));
	}

}
