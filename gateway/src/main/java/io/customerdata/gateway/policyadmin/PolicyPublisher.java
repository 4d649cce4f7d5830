package io.customerdata.gateway.policyadmin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.customerdata.gateway.Periodic;
import io.customerdata.gateway.audit.AuditDatabase;
import io.customerdata.gateway.policy.InvalidPolicyException;
import io.customerdata.gateway.policy.PolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps this replica on the version in force: it asks the version table at an interval
 * (default every second) which version was published last, and puts it in the policy
 * store, which switches the embedded evaluator and the OPA bundle atomically. Polling
 * rather than LISTEN/NOTIFY: it works the same on the embedded database and PostgreSQL,
 * needs no dedicated connection, and a replica that was away catches up by itself.
 * <p>
 * Every version it applies is also kept on the replica's volume ({@link PolicyCache}): a
 * replica that starts while the database is away enforces that version, and takes up the
 * one in force (importing the first, if the database turns out empty) once the database
 * answers. With neither database nor cache there is nothing to enforce: it does not
 * start.
 */
final class PolicyPublisher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PolicyPublisher.class);

	private final PolicyVersionRepository versions;

	private final FirstPolicyImport firstImport;

	private final PolicyStore store;

	private final Duration interval;

	private final Periodic periodic = new Periodic();

	private final byte[] initialDocument;

	private final String initialSource;

	private final PolicyCache cache;

	private final AuditDatabase database;

	private volatile long applied = -1;

	private volatile boolean imported;

	PolicyPublisher(PolicyVersionRepository versions, FirstPolicyImport firstImport, PolicyStore store,
			Duration interval, byte[] initialDocument, String initialSource, PolicyCache cache,
			AuditDatabase database) {
		this.cache = cache;
		this.database = database;
		this.versions = versions;
		this.firstImport = firstImport;
		this.store = store;
		this.interval = interval;
		this.initialDocument = initialDocument.clone();
		this.initialSource = initialSource;
	}

	/**
	 * Before the server takes requests: the first version is imported if there is none,
	 * and the version in force is applied, so the first decision is already on it.
	 */
	@Override
	public void start() {
		if (!applyActive()) {
			byte[] cached = this.cache.load()
				.orElseThrow(() -> new IllegalStateException("The policy database is unreachable and no policy version "
						+ "is cached in " + this.cache.directory() + ": there is nothing to enforce"));
			this.store.publish(cached);
			log.warn("Started without the database: enforcing policy version {} from the cache in {}",
					this.store.current().version(), this.cache.directory());
		}
		this.periodic.every(this.interval, this.interval, "Policy version poll", this::applyActive);
	}

	/**
	 * Applies the version in force if it is not applied yet (importing the first if there
	 * is none); never throws. A poll reads one number; the document only when it changed.
	 * @return whether the database answered
	 */
	boolean applyActive() {
		try {
			if (!this.imported) {
				if (this.firstImport.importIfEmpty(this.initialDocument, this.initialSource)) {
					log.info("No policy versions stored yet: imported {} as the first", this.initialSource);
				}
				this.imported = true;
			}
			Optional<Long> active = this.versions.activeId();
			this.database.reached();
			if (active.isEmpty() || active.get() == this.applied) {
				return true;
			}
			Optional<PolicyVersion> version = this.versions.find(active.get());
			if (version.isEmpty()) {
				return true;
			}
			byte[] document = version.get().document().getBytes(StandardCharsets.UTF_8);
			this.applied = active.get();
			this.store.publish(document);
			this.cache.save(document);
			return true;
		}
		catch (InvalidPolicyException ex) {
			// Stored, yet refused by this replica (an older one, say): the store logs and
			// counts it; not retried; the version in force stays.
			return true;
		}
		catch (RuntimeException ex) {
			this.database.unreachable(ex);
			return false;
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

	/**
	 * Before the web server starts (and the audit trail's phase does not matter here).
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}
