package io.customerdata.gateway.audit;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail. Its database is Spring's {@code spring.datasource.*}: PostgreSQL in
 * production, an embedded H2 file database when none is configured.
 *
 * @param enabled {@code false} only to measure what auditing costs (benchmarks): every
 * disclosure then goes unaudited
 * @param canBeDisabled whether {@code enabled=false} is accepted at all; the {@code k8s}
 * profile says no, so that no production deployment discloses unaudited
 * @param batchSize events written in one transaction at most
 * @param queueCapacity events waiting for the writer at most; beyond, disclosures are
 * refused
 * @param retryInterval after the database failed, how long events go straight to the
 * spool before it is tried again
 * @param retention how long events are kept
 * @param purgeInterval how often events older than the retention are deleted
 * @param spool the local spool that holds events while the database is away
 */
@ConfigurationProperties("gateway.audit")
@Validated
public record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean canBeDisabled,
		@DefaultValue("100") @Min(1) int batchSize, @DefaultValue("10000") @Min(1) int queueCapacity,
		@DefaultValue("2s") Duration retryInterval, @DefaultValue("400d") Duration retention,
		@DefaultValue("1h") Duration purgeInterval, @DefaultValue @Valid Spool spool) {

	public AuditProperties {
		if (!enabled && !canBeDisabled) {
			throw new IllegalArgumentException("gateway.audit.enabled=false is refused here "
					+ "(gateway.audit.can-be-disabled=false, as in the k8s profile): every disclosure must be audited");
		}
	}

	/**
	 * @param directory where the spool file lives; must survive a restart (a volume in
	 * Kubernetes)
	 * @param maxSize the spool's bound; when full, disclosures are refused (503) rather
	 * than made unaudited
	 */
	public record Spool(@DefaultValue("data/audit-spool") Path directory, @DefaultValue("64MB") DataSize maxSize) {
	}

}
