package io.customerdata.departments.population;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import net.datafaker.Faker;

/**
 * Vocabulary drawn once from Datafaker with a fixed seed. Drawing every customer's names
 * from Datafaker directly would make start-up grow with the population; pools keep
 * 100,000 customers fast while staying deterministic.
 */
record NamePools(List<String> firstNames, List<String> lastNames, List<String> companies, List<String> jobTitles,
		List<String> streets, List<String> cities, List<String> sentences) {

	static NamePools draw(long seed) {
		Faker faker = new Faker(Locale.ENGLISH, new Random(seed));
		return new NamePools(distinct(600, () -> faker.name().firstName()),
				distinct(900, () -> faker.name().lastName()), distinct(400, () -> faker.company().name()),
				distinct(150, () -> faker.job().title()), distinct(500, () -> faker.address().streetAddress()),
				distinct(300, () -> faker.address().cityName()), distinct(400, () -> faker.lorem().sentence(12)));
	}

	private static List<String> distinct(int count, Supplier<String> source) {
		return Stream.generate(source).limit(count * 3L).distinct().limit(count).toList();
	}

}
