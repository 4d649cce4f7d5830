package io.customerdata.gateway.policy;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * The policy the gateway enforces.
 *
 * @param document the policy document; by default the one in {@code policies/} built into
 * the jar
 * @param cacheSize decisions kept per policy version; a decision is cached on exactly its
 * input
 */
@ConfigurationProperties("gateway.policy")
@Validated
public record PolicyProperties(@DefaultValue("classpath:policy/data.json") @NotNull Resource document,
		@DefaultValue("10000") @Min(0) int cacheSize) {
}
