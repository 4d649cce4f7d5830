package io.customerdata.gateway.access;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PolicyReader;
import io.customerdata.gateway.problem.GatewayProblem;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What an access request must be before it is stored, against the shipped policy. */
class AccessRequestFormTests {

	private static final CompiledPolicy POLICY = new PolicyReader().read(new FileSystemResource(
			Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")));

	private final AccessRequestForm form = new AccessRequestForm(Duration.ofDays(30));

	@Test
	void aRequestThePolicyKnowsIsValidAsPosted() {
		AccessRequestForm.Valid valid = this.form.validate(POLICY, new AccessRequestForm.Filed(
				List.of("crm:sales.deals[].amount", "crm", "crm"), "support-case", "  a refund  ", "P7D", "crm:ACC-1"));

		assertThat(valid.fields()).containsExactly("crm:sales.deals[].amount", "crm");
		assertThat(valid.justification()).isEqualTo("a refund");
		assertThat(valid.duration()).isEqualTo(Duration.ofDays(7));
		assertThat(valid.customer()).isEqualTo("crm:ACC-1");
	}

	@Test
	void whatThePolicyDoesNotKnowIsRefused() {
		assertRefused(filed(List.of("billing"), "support-case", "P1D", null), "not a source the policy knows");
		assertRefused(filed(List.of("crm:sales.secret"), "support-case", "P1D", null), "has no field");
		assertRefused(filed(List.of(), "support-case", "P1D", null), "Name the fields");
		assertRefused(filed(List.of("crm"), "gossip", "P1D", null), "not one the policy knows");
		assertRefused(filed(List.of("crm"), "support-case", "P1D", "billing:7"), "source:id");
		assertRefused(filed(List.of("crm"), "support-case", "P1D", "crm:"), "source:id");
	}

	@Test
	void theDurationIsMoreThanNothingAndAtMostTheLongestAllowed() {
		assertThat(this.form.validate(POLICY, filed(List.of("crm"), "support-case", "P30D", null)).duration())
			.isEqualTo(Duration.ofDays(30));
		assertRefused(filed(List.of("crm"), "support-case", "P31D", null), "at most PT720H");
		assertRefused(filed(List.of("crm"), "support-case", "PT0S", null), "more than nothing");
		assertRefused(filed(List.of("crm"), "support-case", "-P1D", null), "more than nothing");
		assertRefused(filed(List.of("crm"), "support-case", "a week", null), "ISO 8601");
	}

	@Test
	void freeTextAndReferencesAreBoundedBeforeTheyAreStored() {
		assertRefused(new AccessRequestForm.Filed(List.of("crm"), "support-case", "x".repeat(2_001), "P1D", null),
				"at most 2000");
		assertThat(this.form
			.validate(POLICY,
					new AccessRequestForm.Filed(List.of("crm"), "support-case", "x".repeat(2_000), "P1D", null))
			.justification()).hasSize(2_000);
		assertRefused(filed(List.of("crm"), "support-case", "P1D", "crm:" + "7".repeat(252)), "at most 255");
		assertRefused(new AccessRequestForm.Filed(List.of("crm"), "support-case", " ", "P1D", null),
				"needs a justification");
	}

	private static AccessRequestForm.Filed filed(List<String> fields, String purpose, String duration,
			String customer) {
		return new AccessRequestForm.Filed(fields, purpose, "because", duration, customer);
	}

	private void assertRefused(AccessRequestForm.Filed filed, String detail) {
		assertThatExceptionOfType(GatewayProblem.class).isThrownBy(() -> this.form.validate(POLICY, filed))
			.satisfies((problem) -> assertThat(problem.getMessage()).contains(detail));
	}

}
