package io.customerdata.departments.population;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.SplittableRandom;

import org.springframework.stereotype.Component;

/**
 * The deterministic synthetic customers. Person {@code i} depends only on the seed and on
 * persons before it, so a larger population extends a smaller one with the same seed.
 * Each department draws its own garbling from {@link #random(Person, String)}, so the
 * same person looks the same in a department on every start.
 */
@Component
public class Population {

	/** Share of customers each department knows; anyone known nowhere goes to the CRM. */
	static final double CRM_SHARE = 0.75;

	static final double MARKETING_SHARE = 0.65;

	static final double SUPPORT_SHARE = 0.55;

	static final double RESTRICTED_SHARE = 0.015;

	/**
	 * Every timestamp lies in the year before this instant, so data never depends on the
	 * clock.
	 */
	static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	private final long seed;

	private final NamePools pools;

	private final List<Person> people;

	public Population(PopulationProperties properties) {
		this.seed = properties.seed();
		this.pools = NamePools.draw(this.seed);
		this.people = generate(properties.size());
	}

	public List<Person> people() {
		return this.people;
	}

	/** A random source for one department's view of one person, the same on every run. */
	public SplittableRandom random(Person person, String salt) {
		return new SplittableRandom(this.seed * 31 + person.index() * 0x9E3779B97F4A7C15L + salt.hashCode());
	}

	/** A deterministic pick from the shared vocabulary of sentences. */
	public String sentence(SplittableRandom random) {
		return pick(this.pools.sentences(), random);
	}

	/** A deterministic instant within the year before {@link #EPOCH}. */
	public static Instant instantBefore(SplittableRandom random) {
		return EPOCH.minus(Duration.ofMinutes(random.nextLong(365L * 24 * 60)));
	}

	private List<Person> generate(int size) {
		List<Person> generated = new ArrayList<>(size);
		Set<String> emails = new HashSet<>(size * 2);
		for (int index = 0; index < size; index++) {
			generated.add(person(index, emails));
		}
		return List.copyOf(generated);
	}

	private Person person(int index, Set<String> takenEmails) {
		SplittableRandom random = new SplittableRandom(this.seed ^ (index * 0x9E3779B97F4A7C15L));
		String first = pick(this.pools.firstNames(), random);
		String last = pick(this.pools.lastNames(), random);
		String company = pick(this.pools.companies(), random);
		Region region = Region.values()[random.nextInt(Region.values().length)];
		String country = pick(region.countries(), random);
		String email = uniqueEmail(first, last, company, takenEmails);
		// Sorted: departments draw more values per consent, in its order, and Map.of's
		// order
		// differs from one JVM to the next.
		Map<String, Boolean> consents = Collections
			.unmodifiableSortedMap(new TreeMap<>(Map.of("campaign-planning", random.nextDouble() < 0.8,
					"sales-followup", random.nextDouble() < 0.45, "profiling", random.nextDouble() < 0.5)));
		return new Person(index, first, last, email, PhoneNumbers.mobile(country, random), country, region, company,
				pick(this.pools.jobTitles(), random), pick(this.pools.streets(), random),
				pick(this.pools.cities(), random), String.format("%05d", random.nextInt(100_000)),
				random.nextDouble() < RESTRICTED_SHARE, consents, instantBefore(random), presence(random));
	}

	private static Person.Presence presence(SplittableRandom random) {
		boolean crm = random.nextDouble() < CRM_SHARE;
		boolean marketing = random.nextDouble() < MARKETING_SHARE;
		boolean support = random.nextDouble() < SUPPORT_SHARE;
		return new Person.Presence(crm || (!marketing && !support), marketing, support);
	}

	private static String uniqueEmail(String first, String last, String company, Set<String> taken) {
		String local = slug(first) + "." + slug(last);
		String domain = slug(company) + ".example";
		String candidate = local + "@" + domain;
		for (int suffix = 2; !taken.add(candidate); suffix++) {
			candidate = local + suffix + "@" + domain;
		}
		return candidate;
	}

	private static String slug(String text) {
		return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
	}

	static <T> T pick(List<T> values, SplittableRandom random) {
		return values.get(random.nextInt(values.size()));
	}

}
