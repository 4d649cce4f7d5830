package io.customerdata.gateway.audit;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Whether the database behind the audit trail and the policy versions is with us: its
 * schema migrated, and the last read of the version in force answered. Without it the
 * gateway still serves, from the policy version cached on its volume and auditing to the
 * spool; readiness says {@code DEGRADED} (still ready: answering is right), the gauge
 * {@code gateway.database.available} says 0, and one log line marks each change.
 */
public final class AuditDatabase implements HealthIndicator {

	/** Ready, but without its database: serving from the cache and the spool. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"database unavailable: serving the cached policy version, auditing to the spool");

	private static final Logger log = LoggerFactory.getLogger(AuditDatabase.class);

	private final AtomicBoolean migrated = new AtomicBoolean(true);

	private final AtomicBoolean reachable = new AtomicBoolean(true);

	AuditDatabase(MeterRegistry meters) {
		Gauge.builder("gateway.database.available", this, (database) -> database.available() ? 1 : 0)
			.description("1 while the audit and policy database is migrated and reachable")
			.register(meters);
	}

	public boolean available() {
		return this.migrated.get() && this.reachable.get();
	}

	void migrated() {
		if (!this.migrated.getAndSet(true)) {
			log.info("Database schema migrated, after starting without it");
		}
	}

	/**
	 * The schema could not be migrated at start-up: it will be once the database answers.
	 */
	void notMigrated(Exception ex) {
		this.migrated.set(false);
		unreachable(ex);
	}

	/** The database answered. */
	public void reached() {
		if (!this.reachable.getAndSet(true)) {
			log.info("Database reachable again");
		}
	}

	/** The database did not answer; logged once per outage, without the message. */
	public void unreachable(Exception ex) {
		if (this.reachable.getAndSet(false)) {
			log.warn("Database unreachable ({}): serving the policy version in force, auditing to the spool",
					ex.getClass().getSimpleName());
		}
	}

	@Override
	public Health health() {
		return available() ? Health.up().build()
				: Health.status(DEGRADED)
					.withDetail("migrated", this.migrated.get())
					.withDetail("reachable", this.reachable.get())
					.build();
	}

}
