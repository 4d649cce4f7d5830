package io.customerdata.departments.population;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PopulationTests {

	private static final Population POPULATION = new Population(new PopulationProperties(7, 20_000));

	@Test
	void sameSeedGivesTheSamePeople() {
		assertThat(new Population(new PopulationProperties(7, 500)).people())
			.isEqualTo(POPULATION.people().subList(0, 500));
	}

	@Test
	void consentsAreInAnOrderEveryProcessShares() {
		assertThat(POPULATION.people()).allSatisfy((person) -> assertThat(person.consents().keySet())
			.containsExactly("campaign-planning", "profiling", "sales-followup"));
	}

	@Test
	void anotherSeedGivesOtherPeople() {
		List<Person> other = new Population(new PopulationProperties(8, 500)).people();
		long same = other.stream().filter(POPULATION.people()::contains).count();
		assertThat(same).isZero();
	}

	@Test
	void emailsAreUniqueAndCanonical() {
		Set<String> emails = new HashSet<>();
		POPULATION.people().forEach((person) -> {
			assertThat(emails.add(person.email())).as(person.email()).isTrue();
			assertThat(person.email()).isEqualTo(person.email().strip().toLowerCase()).matches("[^@]+@[^@]+\\.example");
		});
	}

	@Test
	void phonesAreE164OfTheCustomersCountry() {
		assertThat(POPULATION.people()).allSatisfy((person) -> {
			assertThat(person.phone()).matches("\\+[1-9]\\d{6,14}");
			assertThat(PhoneNumbers.lookupKey(person.phone(), "ZZ")).isEqualTo(person.phone());
			assertThat(person.region().countries()).contains(person.country());
		});
	}

	@Test
	void departmentsOverlapTheWayRealSystemsDo() {
		assertThat(share((p) -> p.presence().count() >= 1)).isEqualTo(1.0);
		assertThat(share((p) -> p.presence().crm())).isCloseTo(0.75 + 0.25 * 0.35 * 0.45, within(0.02));
		assertThat(share((p) -> p.presence().marketing())).isCloseTo(0.65, within(0.02));
		assertThat(share((p) -> p.presence().support())).isCloseTo(0.55, within(0.02));
		assertThat(share((p) -> p.presence().count() == 3)).isCloseTo(0.75 * 0.65 * 0.55, within(0.02));
		assertThat(share((p) -> p.presence().count() == 1)).isBetween(0.15, 0.35);
	}

	@Test
	void everyRegionAndAFewRestrictedCustomers() {
		for (Region region : Region.values()) {
			assertThat(share((p) -> p.region() == region)).isCloseTo(1.0 / 3, within(0.02));
		}
		assertThat(share(Person::restricted)).isCloseTo(Population.RESTRICTED_SHARE, within(0.005));
		assertThat(share((p) -> p.consents().get("sales-followup"))).isCloseTo(0.45, within(0.02));
	}

	private static double share(Predicate<Person> predicate) {
		return POPULATION.people().stream().filter(predicate).count() / (double) POPULATION.people().size();
	}

}
