package io.customerdata.gateway.audit;

import java.time.Duration;
import java.time.Instant;

import io.customerdata.gateway.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes events older than the retention period, at the purge interval; each purge is
 * itself an audit event (action {@code purge}, subject {@code gateway}).
 */
final class AuditRetention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	private final AuditRepository repository;

	private final AuditTrail trail;

	private final Duration retention;

	private final Duration interval;

	private final Periodic periodic = new Periodic();

	AuditRetention(AuditRepository repository, AuditTrail trail, Duration retention, Duration interval) {
		this.repository = repository;
		this.trail = trail;
		this.retention = retention;
		this.interval = interval;
	}

	/** Deletes what is past retention now; returns how many events went. */
	int purge() {
		Instant cutoff = Instant.now().minus(this.retention);
		int deleted = this.repository.deleteBefore(cutoff);
		this.trail
			.record(AuditEvent.of("gateway", "purge")
				.decision(AuditEvent.NONE, "retention", null, null)
				.purged(deleted, cutoff)
				.build(200))
			.block(Duration.ofSeconds(30));
		log.info("Audit retention: {} events older than {} deleted", deleted, cutoff);
		return deleted;
	}

	@Override
	public void start() {
		this.periodic.every(this.interval, this.interval, "Audit retention purge", this::purge);
	}

	@Override
	public void stop() {
		this.periodic.stop();
	}

	@Override
	public boolean isRunning() {
		return this.periodic.isRunning();
	}

}
