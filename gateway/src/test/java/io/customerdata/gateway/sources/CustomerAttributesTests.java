package io.customerdata.gateway.sources;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.FileSystemResource;

import static io.customerdata.gateway.testing.SampleRecords.account;
import static io.customerdata.gateway.testing.SampleRecords.contact;
import static io.customerdata.gateway.testing.SampleRecords.requester;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a record's region and sensitivity come from, as the shipped policy declares it
 * per source, and what nothing establishes: unknown is most restrictive.
 */
class CustomerAttributesTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final CompiledPolicy policy = new PolicyReader().read(new FileSystemResource(
			Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")));

	final CustomerAttributes attributes = new CustomerAttributes(() -> this.policy);

	@Test
	void aRecordReadAloneIsWhatItSaysAndRestrictedWhereItSaysNothing() {
		assertThat(this.attributes.ofRecord("crm", canonical("EMEA", "standard"), "crm:ACC-1"))
			.isEqualTo(new PolicyInput.Customer("EMEA", false, Map.of(), List.of("crm:ACC-1")));
		assertThat(this.attributes.ofRecord("crm", canonical(null, null), null))
			.as("no region, no sensitivity: in no region, restricted")
			.isEqualTo(new PolicyInput.Customer(null, true, Map.of(), null));
		assertThat(this.attributes.ofRecord("crm", JSON.readTree("""
				{"customer": {"region": 42, "sensitivity": "  "}}"""), null))
			.as("values of the wrong type or blank establish nothing")
			.isEqualTo(new PolicyInput.Customer(null, true, Map.of(), null));
	}

	@Test
	void anExplicitDefaultAppliesOnlyWhereNothingElseEstablishesTheAttribute() {
		PolicyInput.Customer alone = this.attributes.ofRecord("marketing", contact("L-1").canonical(), "marketing:L-1");
		assertThat(alone.restricted()).as("marketing's declared default sensitivity").isFalse();
		assertThat(alone.region()).as("marketing declares no default region").isNull();

		List<PolicyInput.Customer> linked = this.attributes
			.ofLinked(List.of(account("ACC-1", "EMEA", "restricted", "+441632960001"), contact("L-1")));
		assertThat(linked.get(1).region()).as("from the linked account").isEqualTo("EMEA");
		assertThat(linked.get(1).restricted()).as("the linked account's sensitivity, not the default").isTrue();
	}

	@Test
	void recordsOfOneOriginThatDisagreeEstablishNothing() {
		List<PolicyInput.Customer> linked = this.attributes
			.ofLinked(List.of(account("ACC-1", "EMEA", "standard", "+441632960001"),
					account("ACC-2", " EMEA ", "standard", "+441632960002"), contact("L-1")));
		assertThat(linked.get(2).region()).as("the same region, blanks aside").isEqualTo("EMEA");

		linked = this.attributes.ofLinked(List.of(account("ACC-1", "EMEA", "standard", "+441632960001"),
				account("ACC-2", "emea", "standard", "+441632960002"), contact("L-1")));
		assertThat(linked.get(2).region()).as("compared exactly, as the policy compares regions").isNull();

		linked = this.attributes.ofLinked(List.of(account("ACC-1", "EMEA", "standard", "+441632960001"),
				account("ACC-2", "APAC", "standard", "+441632960002"), contact("L-1")));
		assertThat(linked).extracting(PolicyInput.Customer::region).containsExactly("EMEA", "APAC", null);
	}

	@Test
	void theCustomerAsAWholeHasARegionOnlyWhereEveryRecordAgrees() {
		assertThat(this.attributes
			.ofCustomer(List.of(account("ACC-1", "EMEA", "standard", "+1"), requester("R-1", "EMEA", "standard")))
			.region()).isEqualTo("EMEA");
		PolicyInput.Customer moved = this.attributes
			.ofCustomer(List.of(account("ACC-1", "EMEA", "standard", "+1"), requester("R-1", "AMER", "standard")));
		assertThat(moved.region()).isNull();
		assertThat(moved.ids()).containsExactly("crm:ACC-1", "support:R-1");
	}

	private static ObjectNode canonical(String region, String sensitivity) {
		ObjectNode canonical = JSON.createObjectNode();
		ObjectNode customer = canonical.putObject("customer");
		if (region != null) {
			customer.put("region", region);
		}
		if (sensitivity != null) {
			customer.put("sensitivity", sensitivity);
		}
		return canonical;
	}

}
