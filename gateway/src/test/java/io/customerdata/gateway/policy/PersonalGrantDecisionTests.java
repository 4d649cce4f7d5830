package io.customerdata.gateway.policy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.customerdata.gateway.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal grants through the embedded decision point, whose clock the test moves: the
 * decision-table cases on personal grants decided at the case's instant by the clock, not
 * by the input, and the decision cache across approval, expiry and revocation.
 */
class PersonalGrantDecisionTests {

	static final Instant APPROVED = Instant.parse("2026-12-01T10:00:00Z");

	static final PolicyInput CAROL = new PolicyInput(
			new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA", "carol-id"), "support-case",
			new PolicyInput.Customer("EMEA", false, Map.of(), List.of("crm:ACC-000042", "support:USR-0042")));

	/** Another support agent, with the same attributes as carol but no grant. */
	static final PolicyInput ERIN = new PolicyInput(
			new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA", "erin-id"), "support-case",
			CAROL.customer());

	static final PolicyInput ALICE = new PolicyInput(
			new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA", "alice-id"), null, CAROL.customer());

	static final PersonalGrant AMOUNTS_FOR_A_DAY = new PersonalGrant("ar-1", "carol-id", null, "crm",
			List.of("sales.deals[].amount"), "support-case", APPROVED, APPROVED.plus(Duration.ofDays(1)), null);

	final MutableClock clock = new MutableClock(APPROVED.minus(Duration.ofHours(1)));

	final EmbeddedPolicyDecisionPoint pdp = new EmbeddedPolicyDecisionPoint(PolicyFixtures.shippedPolicy(),
			PersonalGrants.NONE, 1000, this.clock);

	static Stream<DecisionTable.Case> personalGrantCases() throws IOException {
		List<DecisionTable.Case> cases = DecisionTable
			.load(PolicyFixtures.POLICIES.resolve("decisions"), PolicyFixtures.JSON)
			.stream()
			.filter((c) -> c.file().equals("personal-grants.json"))
			.toList();
		assertThat(cases).as("the personal grant cases").hasSizeGreaterThanOrEqualTo(20);
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("personalGrantCases")
	void theDecisionPointDecidesEveryCaseAtItsClocksInstant(DecisionTable.Case c) {
		JsonNode input = c.input().deepCopy();
		PolicyInput withoutInstant = PolicyFixtures.JSON
			.treeToValue(((tools.jackson.databind.node.ObjectNode) input).without("now"), PolicyInput.class);
		if (c.input().has("now")) {
			this.clock.set(Instant.parse(c.input().get("now").asString()));
			this.pdp.grant(new PolicyReader().readGrants(c.personalGrants()));
			JsonNode decision = PolicyFixtures.JSON.valueToTree(this.pdp.decideNow(withoutInstant));
			assertThat(DecisionTable.mismatches(c.expect(), decision)).as(c.toString()).isEmpty();
		}
		// The instant in the input wins over the clock, as for OPA.
		this.clock.set(Instant.parse("2031-01-01T00:00:00Z"));
		this.pdp.grant(new PolicyReader().readGrants(c.personalGrants()));
		JsonNode decision = PolicyFixtures.JSON
			.valueToTree(this.pdp.decideNow(PolicyFixtures.JSON.treeToValue(c.input(), PolicyInput.class)));
		assertThat(DecisionTable.mismatches(c.expect(), decision)).as(c.toString()).isEmpty();
	}

	@Test
	void aGrantAppliesFromItsApprovalUntilTheInstantItExpires() {
		this.pdp.grant(PersonalGrants.of(List.of(AMOUNTS_FOR_A_DAY)));
		assertThat(amount(CAROL)).as("before approval").isEqualTo("deny");

		this.clock.set(APPROVED);
		assertThat(amount(CAROL)).as("at approval").isEqualTo("allow");

		this.clock.set(APPROVED.plus(Duration.ofDays(1)).minusNanos(1));
		assertThat(amount(CAROL)).as("the last nanosecond").isEqualTo("allow");

		this.clock.advance(Duration.ofNanos(1));
		assertThat(amount(CAROL)).as("at expiry").isEqualTo("deny");
	}

	@Test
	void noCachedDecisionOutlivesTheGrantItUsed() {
		this.clock.set(APPROVED.plus(Duration.ofMinutes(1)));
		assertThat(amount(CAROL)).as("before the grant").isEqualTo("deny");
		assertThat(amount(CAROL)).isEqualTo("deny");

		this.pdp.grant(PersonalGrants.of(List.of(AMOUNTS_FOR_A_DAY)));
		assertThat(amount(CAROL)).as("approved: the cached refusal is not used").isEqualTo("allow");
		assertThat(amount(CAROL)).as("cached").isEqualTo("allow");
		assertThat(amount(ERIN)).as("another subject with the same attributes").isEqualTo("deny");

		this.clock.set(AMOUNTS_FOR_A_DAY.expiresAt());
		assertThat(amount(CAROL)).as("expired: the cached grant is not used").isEqualTo("deny");

		this.clock.set(APPROVED.plus(Duration.ofHours(2)));
		assertThat(amount(CAROL)).as("the clock back inside the day").isEqualTo("allow");
		this.pdp.grant(PersonalGrants.of(List.of(revoked(AMOUNTS_FOR_A_DAY, this.clock.instant()))));
		assertThat(amount(CAROL)).as("revoked: the cached grant is not used").isEqualTo("deny");
	}

	@Test
	void subjectsWithoutGrantsKeepTheirCachedDecisionsWhenGrantsChange() {
		this.clock.set(APPROVED.plus(Duration.ofMinutes(1)));
		Decision alice = this.pdp.decideNow(ALICE);
		Decision erin = this.pdp.decideNow(ERIN);
		long hits = this.pdp.cacheStats().hitCount();

		this.pdp.grant(PersonalGrants.of(List.of(AMOUNTS_FOR_A_DAY)));
		this.pdp.grant(PersonalGrants.of(List.of(revoked(AMOUNTS_FOR_A_DAY, this.clock.instant()))));

		assertThat(this.pdp.decideNow(ALICE)).isSameAs(alice);
		assertThat(this.pdp.decideNow(ERIN)).isSameAs(erin);
		assertThat(this.pdp.decideNow(CAROL)).as("carol, her grant revoked, shares erin's entry").isSameAs(erin);
		assertThat(this.pdp.cacheStats().hitCount() - hits).isEqualTo(3);
	}

	@Test
	void aGrantForOneCustomerAppliesToThatCustomerAlone() {
		this.clock.set(APPROVED.plus(Duration.ofMinutes(1)));
		PersonalGrant oneCustomer = new PersonalGrant("ar-2", "carol-id", "support:USR-0042", "crm",
				List.of("sales.deals[].amount"), "support-case", APPROVED, APPROVED.plus(Duration.ofDays(1)), null);
		this.pdp.grant(PersonalGrants.of(List.of(oneCustomer)));

		assertThat(amount(CAROL)).isEqualTo("allow");
		PolicyInput anotherCustomer = new PolicyInput(CAROL.subject(), CAROL.purpose(),
				new PolicyInput.Customer("EMEA", false, Map.of(), List.of("crm:ACC-000043")));
		assertThat(amount(anotherCustomer)).isEqualTo("deny");
	}

	private String amount(PolicyInput input) {
		return this.pdp.decideNow(input).sources().get("crm").get("sales.deals[].amount");
	}

	private static PersonalGrant revoked(PersonalGrant grant, Instant at) {
		return new PersonalGrant(grant.id(), grant.subject(), grant.customer(), grant.source(), grant.fields(),
				grant.purpose(), grant.approvedAt(), grant.expiresAt(), at);
	}

}
