package io.customerdata.gateway.federation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.disclosure.Masker;
import io.customerdata.gateway.disclosure.PseudonymKey;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PersonalGrant;
import io.customerdata.gateway.policy.PersonalGrants;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.SourceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.FileSystemResource;

import static io.customerdata.gateway.testing.SampleRecords.account;
import static io.customerdata.gateway.testing.SampleRecords.contact;
import static io.customerdata.gateway.testing.SampleRecords.requester;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A merged customer is admitted record by record under the shipped policy: the caller
 * must be admitted to each linked record whose data leaves, whatever order the records
 * came in, and a record whose attributes cannot be established is decided at the most
 * restrictive value.
 */
class MergeAdmissionTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	static final PolicyInput.Subject CAROL = new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA",
			"carol-id");

	static final PolicyInput.Subject ALICE = new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA", "alice-id");

	static final PolicyInput.Subject BOB = new PolicyInput.Subject(Set.of("marketing-analyst"), "marketing", "AMER",
			"bob-id");

	final CompiledPolicy policy = new PolicyReader().read(new FileSystemResource(
			Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")));

	final CustomerAttributes attributes = new CustomerAttributes(() -> this.policy);

	final Disclosure disclosure = new Disclosure(
			new FieldEnforcer(new Masker(new PseudonymKey("a-test-key-of-sufficient-length")),
					this.policy::rangeBounds),
			new SimpleMeterRegistry());

	@Test
	void anAccountOfAnotherRegionSharingTheEmailIsLeftOutOfTheMerge() {
		SourceRecord emea = account("ACC-1", "EMEA", "standard", "+441632960001");
		SourceRecord apac = account("ACC-2", "APAC", "standard", "+61491570006");
		SourceRecord requester = requester("R-1", "EMEA", "standard");

		for (List<SourceRecord> order : List.of(List.of(emea, apac, requester), List.of(apac, emea, requester))) {
			Admission admission = decide(pdp(), CAROL, "support-case", order);

			assertThat(admission.admittedRecords()).as("whatever record comes first").containsOnly(emea, requester);
			assertThat(admission.refused()).singleElement()
				.satisfies(
						(refused) -> assertThat(refused.decision().reason()).isEqualTo(Decision.Reason.OUT_OF_REGION));
			String disclosed = this.disclosure.disclose(admission.admitted()).merged().view().toString();
			assertThat(disclosed).contains("+441632960001").doesNotContain("+61491570006").doesNotContain("ACC-2");
		}
	}

	@Test
	void aRequesterEditedToCarryAnotherCustomersKeysOpensNothingOfThem() {
		// An APAC requester whose e-mail was changed to an EMEA customer's: the EMEA
		// agent
		// sees the EMEA account, never the APAC requester's tickets.
		SourceRecord account = account("ACC-1", "EMEA", "standard", "+441632960001");
		SourceRecord edited = requester("R-9", "APAC", "standard");

		Admission admission = decide(pdp(), CAROL, "support-case", List.of(account, edited));

		assertThat(admission.admittedRecords()).containsExactly(account);
		assertThat(this.disclosure.disclose(admission.admitted()).merged().view().toString())
			.doesNotContain("Cannot log in");
	}

	@Test
	void aRecordLinkedOnlyThroughARefusedOneIsLeftOutToo() {
		// carol names the APAC account; the EMEA requester was found by its e-mail alone.
		SourceRecord named = account("ACC-2", "APAC", "standard", "+61491570006");
		SourceRecord linked = requester("R-1", "EMEA", "standard");
		Admission admission = Admission
			.decide(pdp(), CAROL, "support-case", List.of(named, linked), this.attributes, (record) -> record == named)
			.block();

		assertThat(admission.nothingAdmitted()).isTrue();
		assertThat(admission.firstRefusal().reason()).isEqualTo(Decision.Reason.OUT_OF_REGION);
		assertThat(admission.refused()).extracting(Admission::reason).containsExactly("out-of-region", "not-linked");
	}

	@Test
	void aRecordWithoutSensitivityMakesTheCustomerRestricted() {
		SourceRecord unclassified = account("ACC-3", "EMEA", null, "+441632960003");

		Admission admission = decide(pdp(), ALICE, null, List.of(unclassified));

		assertThat(admission.nothingAdmitted()).isTrue();
		assertThat(admission.firstRefusal().reason()).isEqualTo(Decision.Reason.RESTRICTED_CUSTOMER);
		assertThat(decide(pdp(), ALICE, null, List.of(account("ACC-3", "EMEA", "standard", "+441632960003")))
			.nothingAdmitted()).as("the same account, classified").isFalse();
	}

	@Test
	void anyRestrictedRecordRestrictsTheWholeCustomer() {
		Admission admission = decide(pdp(), CAROL, "support-case",
				List.of(account("ACC-1", "EMEA", "standard", "+441632960001"), requester("R-1", "EMEA", "restricted")));

		assertThat(admission.nothingAdmitted()).isTrue();
		assertThat(admission.firstRefusal().reason()).isEqualTo(Decision.Reason.RESTRICTED_CUSTOMER);
	}

	@Test
	void aMarketingContactTakesItsRegionFromTheLinkedAccountOrHasNone() {
		SourceRecord contact = contact("L-1");

		assertThat(decide(pdp(), CAROL, "support-case",
				List.of(account("ACC-1", "EMEA", "standard", "+441632960001"), contact))
			.admittedRecords()).as("linked to an EMEA account").contains(contact);
		assertThat(decide(pdp(), CAROL, "support-case", List.of(contact)).nothingAdmitted())
			.as("alone: in no region, so no region-scoped role is admitted")
			.isTrue();
		assertThat(decide(pdp(), CAROL, "support-case",
				List.of(account("ACC-1", "EMEA", "standard", "+441632960001"),
						account("ACC-2", "APAC", "standard", "+61491570006"), contact))
			.admittedRecords()).as("linked to accounts that disagree: in no region").doesNotContain(contact);
		assertThat(decide(pdp(), BOB, null, List.of(contact)).admittedRecords())
			.as("its own department, by the policy's explicit default sensitivity")
			.containsExactly(contact);
	}

	@Test
	void aPersonalGrantCoversTheLinkedRecordsUnlessTheCustomerIsAmbiguous() {
		PersonalGrant amounts = new PersonalGrant("ar-1", "carol-id", "crm:ACC-1", "crm",
				List.of("sales.deals[].amount"), "support-case", NOW.minusSeconds(60), NOW.plusSeconds(3600), null);
		PolicyDecisionPoint pdp = new EmbeddedPolicyDecisionPoint(this.policy, PersonalGrants.of(List.of(amounts)), 100,
				Clock.fixed(NOW, ZoneOffset.UTC));
		SourceRecord named = account("ACC-1", "EMEA", "standard", "+441632960001");
		SourceRecord sameSource = account("ACC-2", "EMEA", "standard", "+441632960002");

		Admission linked = decide(pdp, CAROL, "support-case", List.of(named, requester("R-1", "EMEA", "standard")));
		assertThat(linked.admitted().get(0).decision().sources().get("crm").get("sales.deals[].amount"))
			.isEqualTo(Decision.ALLOW);

		Admission ambiguous = decide(pdp, CAROL, "support-case", List.of(named, sameSource));
		assertThat(ambiguous.admitted())
			.extracting((d) -> d.decision().sources().get("crm").get("sales.deals[].amount"))
			.as("two accounts of one customer: the grant opens the account it names alone")
			.containsExactly(Decision.ALLOW, Decision.DENY);
	}

	private Admission decide(PolicyDecisionPoint pdp, PolicyInput.Subject who, String purpose,
			List<SourceRecord> records) {
		String decided = (purpose != null) ? purpose : pdp.decideBestCase(who, null).map(Decision::purpose).block();
		return Admission.decide(pdp, who, decided, records, this.attributes, (record) -> true).block();
	}

	private EmbeddedPolicyDecisionPoint pdp() {
		return new EmbeddedPolicyDecisionPoint(this.policy, 100);
	}

}
