package io.customerdata.departments.population;

import java.util.List;

/** Sales regions, each with the countries whose customers it serves. */
public enum Region {

	EMEA(List.of("GB", "DE", "FR", "NL", "SE", "ES")), AMER(List.of("US", "CA", "BR", "MX")),
	APAC(List.of("AU", "JP", "SG", "IN", "NZ"));

	private final List<String> countries;

	Region(List<String> countries) {
		this.countries = countries;
	}

	/** ISO 3166 alpha-2 codes of the countries in this region. */
	public List<String> countries() {
		return this.countries;
	}

}
