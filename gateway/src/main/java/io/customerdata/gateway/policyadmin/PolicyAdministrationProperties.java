package io.customerdata.gateway.policyadmin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Policy administration (with {@code gateway.policy.source=database}).
 *
 * @param pollInterval how often each replica asks which version is in force: a published
 * version reaches every replica within this interval
 * @param replay how many of the latest audited decisions a draft's impact replays, unless
 * the officer asks for another number (at most {@code replayLimit})
 * @param replayLimit the most an officer may ask to replay
 * @param subjects named subjects a simulation can be run for (the demo realm's users by
 * default), beside explicit attributes
 * @param cacheDirectory where the replica keeps the version it enforces, to start from
 * when the database is away; must survive a restart (the spool's volume in Kubernetes)
 */
@ConfigurationProperties("gateway.policy.administration")
@Validated
public record PolicyAdministrationProperties(@DefaultValue("1s") Duration pollInterval,
		@DefaultValue("1000") @Min(0) int replay, @DefaultValue("10000") @Min(0) @Max(100_000) int replayLimit,
		@DefaultValue Map<String, SubjectPreset> subjects, @DefaultValue("data/policy-cache") Path cacheDirectory) {

	/** A subject's attributes as the policy sees them. */
	public record SubjectPreset(List<String> roles, @Nullable String department, @Nullable String region) {
	}

}
