package io.customerdata.departments.population;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The synthetic customer population every department derives its data from. Departments
 * started with the same seed and size describe the same people.
 *
 * @param seed seed of every random choice; the same seed gives the same customers
 * @param size number of customers
 */
@ConfigurationProperties("department.population")
@Validated
public record PopulationProperties(@DefaultValue("20261125") long seed,
		@DefaultValue("2000") @Min(1) @Max(1_000_000) int size) {
}
