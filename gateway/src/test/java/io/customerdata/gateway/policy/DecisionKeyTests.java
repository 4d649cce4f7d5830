package io.customerdata.gateway.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision cache's key: a decision is never served for another input. A cache finds
 * entries by hash first and takes one whose key is equal, so two inputs that hash alike
 * (as {@code "Aa"} and {@code "BB"} do) must still be told apart by every component the
 * decision reads.
 */
class DecisionKeyTests {

	/** Two strings of one hash: {@code "Aa".hashCode() == "BB".hashCode()}. */
	private static final String AA = "Aa";

	private static final String BB = "BB";

	private static final PolicyInput.Subject SUBJECT = new PolicyInput.Subject(Set.of(AA), AA, AA, "carol-id");

	private static final PolicyInput.Customer CUSTOMER = new PolicyInput.Customer(AA, false, Map.of(AA, true),
			List.of("crm:ACC-1"));

	private static final PolicyInput INPUT = new PolicyInput(SUBJECT, AA, CUSTOMER);

	static Stream<Arguments> oneComponentChangedToAnotherOfTheSameHash() {
		return Stream.of(changed("roles", (input) -> withSubject(input, Set.of(BB), AA, AA)),
				changed("department", (input) -> withSubject(input, Set.of(AA), BB, AA)),
				changed("subject's region", (input) -> withSubject(input, Set.of(AA), AA, BB)),
				changed("purpose", (input) -> new PolicyInput(input.subject(), BB, input.customer())),
				changed("customer's region", (input) -> withCustomer(input, BB, Map.of(AA, true))),
				changed("consents", (input) -> withCustomer(input, AA, Map.of(BB, true))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("oneComponentChangedToAnotherOfTheSameHash")
	void keysOfEqualHashDifferInEachComponentTheDecisionReads(UnaryOperator<PolicyInput> change) {
		DecisionKey key = DecisionKey.of(INPUT, List.of());
		DecisionKey other = DecisionKey.of(change.apply(INPUT), List.of());

		assertThat(other.hashCode()).as("the same hash").isEqualTo(key.hashCode());
		assertThat(other).isNotEqualTo(key);
		assertThat(key).isNotEqualTo(other);
	}

	@Test
	void keysOfEqualHashDifferInTheGrantsInForce() {
		DecisionKey key = DecisionKey.of(INPUT, List.of(grant(AA)));
		DecisionKey other = DecisionKey.of(INPUT, List.of(grant(BB)));

		assertThat(other.hashCode()).isEqualTo(key.hashCode());
		assertThat(other).isNotEqualTo(key);
	}

	/** A hash that ignored a component would pile its keys into one bucket. */
	@Test
	void keysThatDifferInOneComponentHashApart() {
		PolicyInput restricted = new PolicyInput(SUBJECT, AA,
				new PolicyInput.Customer(AA, true, CUSTOMER.consents(), CUSTOMER.ids()));
		Stream
			.of(withSubject(INPUT, Set.of("other"), AA, AA), withSubject(INPUT, Set.of(AA), "other", AA),
					withSubject(INPUT, Set.of(AA), AA, "other"), new PolicyInput(SUBJECT, "other", CUSTOMER),
					withCustomer(INPUT, "other", CUSTOMER.consents()), restricted,
					withCustomer(INPUT, AA, Map.of("other", true)))
			.forEach((changed) -> assertThat(key(changed).hashCode()).as(changed.toString())
				.isNotEqualTo(key(INPUT).hashCode()));
		assertThat(DecisionKey.of(INPUT, List.of(grant("other"))).hashCode()).isNotEqualTo(key(INPUT).hashCode());
	}

	@Test
	void aRestrictedCustomerNeverSharesTheKeyOfAnUnrestrictedOne() {
		PolicyInput restricted = new PolicyInput(SUBJECT, AA,
				new PolicyInput.Customer(AA, true, CUSTOMER.consents(), CUSTOMER.ids()));

		assertThat(DecisionKey.of(restricted, List.of())).isNotEqualTo(DecisionKey.of(INPUT, List.of()));
	}

	@Test
	void anInputWithoutSubjectOrCustomerIsToldFromOneWithEmptyOnesOfTheSameHash() {
		PolicyInput noSubject = new PolicyInput(null, AA, CUSTOMER);
		PolicyInput emptySubject = new PolicyInput(new PolicyInput.Subject(null, null, null), AA, CUSTOMER);
		PolicyInput noCustomer = new PolicyInput(SUBJECT, AA, null);
		PolicyInput emptyCustomer = new PolicyInput(SUBJECT, AA, new PolicyInput.Customer(null, false, null));

		assertThat(key(emptySubject).hashCode()).isEqualTo(key(noSubject).hashCode());
		assertThat(key(emptySubject)).isNotEqualTo(key(noSubject));
		assertThat(key(noSubject)).isNotEqualTo(key(emptySubject));
		assertThat(key(noSubject)).isEqualTo(key(new PolicyInput(null, AA, CUSTOMER)));

		assertThat(key(emptyCustomer).hashCode()).isEqualTo(key(noCustomer).hashCode());
		assertThat(key(emptyCustomer)).isNotEqualTo(key(noCustomer));
		assertThat(key(noCustomer)).isNotEqualTo(key(emptyCustomer));
		assertThat(key(noCustomer)).isEqualTo(key(new PolicyInput(SUBJECT, AA, null)));
	}

	@Test
	void whatOnlyPersonalGrantsReadLeavesTheKeyAlone() {
		PolicyInput another = new PolicyInput(
				new PolicyInput.Subject(SUBJECT.roles(), SUBJECT.department(), SUBJECT.region(), "erin-id"), AA,
				new PolicyInput.Customer(AA, false, Map.of(AA, true), List.of("crm:ACC-2")), Instant.EPOCH);

		assertThat(key(another)).isEqualTo(key(INPUT)).hasSameHashCodeAs(key(INPUT));
		assertThat(key(another).input()).as("the decision is still made from the input as asked").isSameAs(another);
		assertThat(key(another).roleWide()).isEqualTo(key(INPUT).roleWide())
			.isEqualTo(new PolicyInput(new PolicyInput.Subject(Set.of(AA), AA, AA), AA,
					new PolicyInput.Customer(AA, false, Map.of(AA, true))));
		assertThat(key(another)).isNotEqualTo(another);
		DecisionKey same = key(another);
		assertThat(same.equals(same)).isTrue();
	}

	@Test
	void onlyAKeyWithGrantsInForceIsPersonal() {
		assertThat(DecisionKey.of(INPUT, List.of()).personal()).isFalse();
		assertThat(DecisionKey.of(INPUT, List.of(grant(AA))).personal()).isTrue();
		assertThat(DecisionKey.of(INPUT, List.of(grant(AA)))).isEqualTo(DecisionKey.of(INPUT, List.of(grant(AA))));
	}

	private static DecisionKey key(PolicyInput input) {
		return DecisionKey.of(input, List.of());
	}

	private static Arguments changed(String component, UnaryOperator<PolicyInput> change) {
		return Arguments.of(Named.of(component, change));
	}

	private static PolicyInput withSubject(PolicyInput input, Set<String> roles, String department, String region) {
		return new PolicyInput(new PolicyInput.Subject(roles, department, region, input.subject().id()),
				input.purpose(), input.customer());
	}

	private static PolicyInput withCustomer(PolicyInput input, String region, Map<String, Boolean> consents) {
		return new PolicyInput(input.subject(), input.purpose(),
				new PolicyInput.Customer(region, input.customer().restricted(), consents, input.customer().ids()));
	}

	private static PersonalGrant grant(String id) {
		Instant approved = Instant.parse("2026-12-01T10:00:00Z");
		return new PersonalGrant(id, "carol-id", null, "crm", null, AA, approved, approved.plus(Duration.ofDays(1)),
				null);
	}

}
