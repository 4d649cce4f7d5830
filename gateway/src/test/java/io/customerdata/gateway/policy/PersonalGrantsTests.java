package io.customerdata.gateway.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published set of personal grants: the same grants publish the same document in
 * whatever order they were approved, and a grant is in force from the instant it is
 * approved to the instant before it expires or is revoked.
 */
class PersonalGrantsTests {

	static final Instant APPROVED = Instant.parse("2026-12-01T10:00:00Z");

	static final Instant EXPIRES = APPROVED.plus(Duration.ofDays(1));

	static final PersonalGrant FIRST = grant("ar-1", "carol-id", null);

	static final PersonalGrant SECOND = grant("ar-2", "carol-id", "crm:ACC-2");

	static final PolicyInput CAROL = new PolicyInput(
			new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA", "carol-id"), "support-case",
			new PolicyInput.Customer("EMEA", false, Map.of(), List.of("crm:ACC-1")));

	@Test
	void theSameGrantsPublishTheSameDocumentInIdOrder() {
		PersonalGrants one = PersonalGrants.of(List.of(SECOND, FIRST));
		PersonalGrants other = PersonalGrants.of(List.of(FIRST, SECOND));

		assertThat(one.all()).containsExactly(FIRST, SECOND);
		assertThat(one.document()).containsExactly(Map.entry("ar-1", FIRST), Map.entry("ar-2", SECOND));
		assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
		assertThat(one).isNotEqualTo(PersonalGrants.of(List.of(FIRST))).isNotEqualTo(PersonalGrants.NONE);
		assertThat(one.hashCode()).isNotEqualTo(PersonalGrants.of(List.of(FIRST)).hashCode());
		assertThat(one).isNotEqualTo(one.all());
	}

	@Test
	void aGrantIsInForceFromItsApprovalToTheInstantBeforeItEndsAndNotBefore() {
		assertThat(FIRST.inForce(APPROVED.minusNanos(1))).as("before approval").isFalse();
		assertThat(FIRST.inForce(APPROVED)).as("at approval").isTrue();
		assertThat(FIRST.inForce(EXPIRES.minusNanos(1))).as("the last instant").isTrue();
		assertThat(FIRST.inForce(EXPIRES)).as("at expiry").isFalse();

		Instant revokedAt = APPROVED.plus(Duration.ofHours(1));
		PersonalGrant revoked = new PersonalGrant("ar-1", "carol-id", null, "crm", null, "support-case", APPROVED,
				EXPIRES, revokedAt);
		assertThat(revoked.inForce(revokedAt.minusNanos(1))).as("the instant before revocation").isTrue();
		assertThat(revoked.inForce(revokedAt)).as("at revocation").isFalse();

		PersonalGrant notApproved = new PersonalGrant("ar-3", "carol-id", null, "crm", null, "support-case", null,
				EXPIRES, null);
		assertThat(notApproved.inForce(APPROVED)).isFalse();
	}

	@Test
	void onlyTheSubjectsGrantsForItsCustomerAreInForceAndTheClockIsReadOnlyForThem() {
		PersonalGrants grants = PersonalGrants.of(List.of(FIRST, SECOND, grant("ar-4", "erin-id", null)));

		assertThat(grants.inForce(CAROL, () -> APPROVED)).containsExactly(FIRST);
		assertThat(grants.inForce(CAROL, () -> EXPIRES)).isEmpty();
		Supplier<Instant> unread = () -> {
			throw new AssertionError("the clock is read only for a subject who holds grants");
		};
		PolicyInput dan = new PolicyInput(new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA", "dan-id"),
				"support-case", CAROL.customer());
		assertThat(grants.inForce(dan, unread)).isEmpty();
		assertThat(grants.inForce(new PolicyInput(new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA"),
				"support-case", CAROL.customer()), unread))
			.as("a subject without id")
			.isEmpty();
		assertThat(grants.inForce(new PolicyInput(CAROL.subject(), "support-case", null), unread)).as("no customer")
			.isEmpty();
	}

	private static PersonalGrant grant(String id, String subject, String customer) {
		return new PersonalGrant(id, subject, customer, "crm", null, "support-case", APPROVED, EXPIRES, null);
	}

}
