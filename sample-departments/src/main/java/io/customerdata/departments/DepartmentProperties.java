package io.customerdata.departments;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which department this process plays, and how badly it behaves at start-up (the
 * {@code chaos} actuator endpoint changes that at run time).
 *
 * @param name {@code crm}, {@code marketing} or {@code support}
 * @param latency delay added to every API response
 * @param errorRate share of API requests answered with a 503, from 0 to 1
 */
@ConfigurationProperties("department")
@Validated
public record DepartmentProperties(@NotNull @Pattern(regexp = "crm|marketing|support") String name,
		@DefaultValue("0ms") Duration latency, @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double errorRate) {
}
