package io.customerdata.gateway.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.PolicyDocument.Effect;
import io.customerdata.gateway.policy.PolicyDocument.Grant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compiled policy tells the rest of the gateway besides decisions: the console,
 * access requests and the pass-through read these, so each answers from the document as
 * it stands, and nothing the document does not name is known.
 */
class CompiledPolicyTests {

	private final CompiledPolicy policy = PolicyFixtures.shippedPolicy();

	@Test
	void knowsThePurposesSourcesAndFieldsTheDocumentNamesAndNoOthers() {
		assertThat(this.policy.knowsPurpose("support-case")).isTrue();
		assertThat(this.policy.knowsPurpose("gossip")).isFalse();
		assertThat(this.policy.knowsSource("crm")).isTrue();
		assertThat(this.policy.knowsSource("erp")).isFalse();
		assertThat(this.policy.fieldsOf("crm")).contains("sales.notes", "sales.deals[].amount")
			.doesNotContain(Decision.UNCLASSIFIED)
			.hasSize(17);
		assertThat(this.policy.fieldsOf("erp")).isEmpty();
	}

	@Test
	void aRoleWorksInItsDepartmentAndASourceBelongsToOne() {
		assertThat(this.policy.departmentOf("support-agent")).isEqualTo("support");
		assertThat(this.policy.departmentOf("intern")).isNull();
		assertThat(this.policy.departmentOfSource("crm")).isEqualTo("sales");
		assertThat(this.policy.departmentOfSource("erp")).isNull();
		assertThat(this.policy.knowsDepartment("sales")).as("a role's and a source's").isTrue();
		assertThat(this.policy.knowsDepartment("security")).as("a role's only").isTrue();
		assertThat(this.policy.knowsDepartment("finance")).isFalse();
	}

	@Test
	void theClearanceOfSeveralRolesIsTheHighestOfThoseItKnows() {
		assertThat(this.policy.clearanceOf(List.of("sales-rep", "intern"))).hasValue("confidential");
		assertThat(this.policy.clearanceOf(List.of("sales-rep", "security-officer"))).hasValue("restricted");
		assertThat(this.policy.clearanceOf(List.of("intern"))).isEmpty();
		assertThat(this.policy.knownRoles(Set.of("support-agent", "intern", "sales-rep"))).containsExactly("sales-rep",
				"support-agent");
	}

	@Test
	void aGrantOpensItsFieldsUpToItsLevelAndItsRolesClearance() {
		assertThat(this.policy.grants()).extracting(Grant::id)
			.startsWith("support-sees-crm-contact-owner-stage")
			.hasSize(PolicyFixtures.shippedDocument().get("grants").size());
		Grant contact = this.policy.grants().get(0);
		assertThat(this.policy.fieldsOpenedBy(contact)).as("the fields it lists, all at its level")
			.containsExactly("customer.emails", "customer.name", "customer.phones", "customer.region",
					"sales.account_name", "sales.owner", "sales.stage");

		Grant everything = grant(List.of("support-agent"), "marketing", "internal", null);
		assertThat(this.policy.fieldsOpenedBy(everything)).as("every field at or below its level")
			.contains("customer.name", "marketing.lead_score")
			.doesNotContain("customer.phones")
			.hasSize(this.policy.fieldsOf("marketing").size() - 1);

		Grant aboveClearance = grant(List.of("support-agent"), "crm", "restricted",
				List.of("sales.credit_limit", "sales.notes", "sales.owner"));
		assertThat(this.policy.fieldsOpenedBy(aboveClearance)).as("never above the clearance of its roles")
			.containsExactly("sales.notes", "sales.owner");
		assertThat(this.policy.fieldsOpenedBy(grant(List.of("intern"), "crm", "restricted", null)))
			.as("no role it names is known")
			.isEmpty();
	}

	/**
	 * The longest matching prefix decides a field's masking, whatever the document's
	 * order.
	 */
	@Test
	void masksApplyInTheirOrderExactThenLongestPrefixThenTheDefault() {
		ObjectNode document = PolicyFixtures.shippedDocument();
		ObjectNode masking = (ObjectNode) document.get("masking");
		masking.remove("sales.deals[].amount");
		masking.set("sales.*", PolicyFixtures.JSON.readTree("{\"method\": \"range\", \"bounds\": [1]}"));
		masking.set("sales.deals[].*", PolicyFixtures.JSON.readTree("{\"method\": \"range\", \"bounds\": [5, 50]}"));
		CompiledPolicy compiled = new PolicyReader().compile(document);

		assertThat(compiled.rangeBounds("sales.deals[].amount")).as("the longer prefix").containsExactly(5.0, 50.0);
		assertThat(compiled.rangeBounds("sales.notes")).as("the shorter prefix").containsExactly(1.0);
		assertThat(compiled.rangeBounds("sales.annual_revenue")).as("the exact rule").containsExactly(1e6, 1e7, 5e7);
		assertThat(compiled.rangeBounds("marketing.lead_score")).as("the default, redact").isEmpty();
		assertThat(compiled.rangeBounds("customer.emails")).as("a method without bounds").isEmpty();
	}

	@Test
	void aSourceIsVisibleWhenAnyOfItsFieldsIsNotDenied() {
		Decision decision = new Decision(true, Decision.Reason.GRANTED, "v", "support-case",
				Map.of("crm", Map.of("sales.notes", Decision.DENY, "customer.name", "mask:pseudonym"), "marketing",
						Map.of(Decision.UNCLASSIFIED, Decision.DENY), "support",
						Map.of("support.csat", Decision.ALLOW)));

		assertThat(decision.visibleSources()).containsExactlyInAnyOrder("crm", "support");
	}

	private static Grant grant(List<String> roles, String source, String maxLevel, List<String> fields) {
		return new Grant("test", null, roles, source, List.of("support-case"), maxLevel, Effect.ALLOW, fields, false);
	}

}
