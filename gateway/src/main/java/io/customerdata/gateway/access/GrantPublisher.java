package io.customerdata.gateway.access;

import java.time.Duration;

import io.customerdata.gateway.Periodic;
import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.policy.PolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps this replica's personal grants current, as the policy publisher keeps its
 * version: it reads the grants that have not run out at the policy's poll interval and
 * puts them in the policy store, which hands them to the embedded evaluator and the OPA
 * bundle. A grant approved or revoked anywhere is thus in force everywhere within the
 * publication bound of a policy version. Less often it expires undecided requests
 * (audited as {@code request-expired}) and announces grants that end soon.
 */
final class GrantPublisher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GrantPublisher.class);

	private final AccessRequests requests;

	private final PolicyStore store;

	private final AuditTrail audit;

	private final AccessRequestWebhook webhook;

	private final Duration pollInterval;

	private final Duration sweepInterval;

	private volatile boolean reachable = true;

	private final Periodic periodic = new Periodic();

	GrantPublisher(AccessRequests requests, PolicyStore store, AuditTrail audit, AccessRequestWebhook webhook,
			Duration pollInterval, Duration sweepInterval) {
		this.requests = requests;
		this.store = store;
		this.audit = audit;
		this.webhook = webhook;
		this.pollInterval = pollInterval;
		this.sweepInterval = sweepInterval;
	}

	@Override
	public void start() {
		publishNow();
		this.periodic.every(this.pollInterval, this.pollInterval, "Personal grants poll", this::publishNow);
		this.periodic.every(this.sweepInterval, this.sweepInterval, "Access request sweep", this::sweep);
	}

	/**
	 * Publishes the grants in the database now; never throws. Without the database, the
	 * grants in force stay (they still expire by the decision's clock). Synchronized, so
	 * that a poll that read the grants before an approval cannot publish them after the
	 * approval's own publication.
	 */
	synchronized void publishNow() {
		try {
			this.store.publish(this.requests.grants());
			this.reachable = true;
		}
		catch (RuntimeException ex) {
			if (this.reachable) {
				log.warn("Personal grants not refreshed ({}); those in force stay", ex.getClass().getSimpleName());
			}
			this.reachable = false;
		}
	}

	/** Expires undecided requests and announces ending grants; never throws. */
	void sweep() {
		try {
			for (AccessRequests.Step expired : this.requests.expirePending()) {
				this.audit
					.record(AuditEvent.of("system", "request-expired")
						.purpose(expired.request().purpose())
						.decision(AuditEvent.NONE, "expired", null, expired.request().id())
						.build(200))
					.block();
				this.webhook.announce("access-request.expired", expired.request());
			}
			this.requests.expiringSoon()
				.forEach((request) -> this.webhook.announce("access-grant.expiring-soon", request));
		}
		catch (RuntimeException ex) {
			log.warn("Access request sweep failed ({}); retried at the next", ex.getClass().getSimpleName());
		}
	}

	@Override
	public void stop() {
		this.periodic.stop();
	}

	@Override
	public boolean isRunning() {
		return this.periodic.isRunning();
	}

	/** With the policy publisher: before the web server takes requests. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}
