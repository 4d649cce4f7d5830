package io.customerdata.gateway.disclosure;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How disclosed data is masked.
 *
 * @param pseudonymKey the secret behind pseudonyms (at least 16 characters); from the
 * environment in production ({@code PSEUDONYM_KEY}); it never appears in a log or dump
 * @param maxResponseSize the largest department answer the pass-through API reads to
 * enforce the policy on; a larger one is refused (502), never passed unfiltered
 */
@ConfigurationProperties("gateway.enforcement")
@Validated
public record EnforcementProperties(@NotNull PseudonymKey pseudonymKey, @DefaultValue("4MB") DataSize maxResponseSize) {
}
