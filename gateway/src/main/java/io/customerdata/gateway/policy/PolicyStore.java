package io.customerdata.gateway.policy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy version in force, and the one place it changes. A document is validated and
 * compiled before it is published: one that fails is refused, with a log line and the
 * metric {@code gateway.policy.reloads{outcome=refused}}, and the version in force stays.
 * Every consumer (the embedded evaluator, the OPA bundle) learns of a new version after
 * it is in force.
 */
public final class PolicyStore {

	private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

	private final PolicyReader reader;

	private final byte[] regoModule;

	private final AtomicReference<Published> current = new AtomicReference<>();

	private final List<Consumer<Published>> listeners = new CopyOnWriteArrayList<>();

	private final Counter applied;

	private final Counter refused;

	/**
	 * One published version: the compiled policy, the document it came from, the personal
	 * grants in force with it, and a revision that changes with the document, the grants
	 * or the Rego module that interprets them.
	 */
	public record Published(CompiledPolicy compiled, byte[] document, PersonalGrants grants, byte[] grantsDocument,
			String revision) {

		public String version() {
			return this.compiled.version();
		}

	}

	/**
	 * @param regoModule the Rego policy that interprets the document in OPA
	 * @param initial the document to start with; invalid, the gateway does not start
	 */
	public PolicyStore(PolicyReader reader, byte[] regoModule, byte[] initial, MeterRegistry meters) {
		this.reader = reader;
		this.regoModule = regoModule.clone();
		this.applied = meters.counter("gateway.policy.reloads", Tags.of("outcome", "applied"));
		this.refused = meters.counter("gateway.policy.reloads", Tags.of("outcome", "refused"));
		this.current.set(published(this.reader.compile(initial), initial, PersonalGrants.NONE));
	}

	public Published current() {
		return this.current.get();
	}

	public byte[] regoModule() {
		return this.regoModule.clone();
	}

	/**
	 * Makes a document the version in force, atomically; a document whose revision is
	 * already in force changes nothing.
	 * @return the version in force afterwards
	 * @throws InvalidPolicyException if the document is not valid; nothing changes then
	 */
	public synchronized Published publish(byte[] document) {
		Published next;
		try {
			next = published(this.reader.compile(document), document, current().grants());
		}
		catch (InvalidPolicyException ex) {
			this.refused.increment();
			log.error("Policy document refused, version {} stays in force: {}", current().version(), ex.getMessage());
			throw ex;
		}
		if (next.revision().equals(current().revision())) {
			return current();
		}
		this.applied.increment();
		log.info("Policy version {} (revision {}) in force", next.version(), next.revision());
		return put(next);
	}

	/**
	 * Makes a set of personal grants the one in force with the current version,
	 * atomically; the same set again changes nothing.
	 * @return the version in force afterwards
	 */
	public synchronized Published publish(PersonalGrants grants) {
		Published now = current();
		if (grants.equals(now.grants())) {
			return now;
		}
		Published next = published(now.compiled(), now.document(), grants);
		log.info("{} personal grant(s) in force with policy version {} (revision {})", grants.all().size(),
				next.version(), next.revision());
		return put(next);
	}

	private Published put(Published next) {
		this.current.set(next);
		this.listeners.forEach((listener) -> listener.accept(next));
		return next;
	}

	/** Called with every version published from now on. */
	public void onPublished(Consumer<Published> listener) {
		this.listeners.add(listener);
	}

	private Published published(CompiledPolicy compiled, byte[] document, PersonalGrants grants) {
		byte[] grantsDocument = this.reader.write(grants);
		return new Published(compiled, document.clone(), grants, grantsDocument,
				compiled.version() + "-" + digest(document, grantsDocument));
	}

	private String digest(byte[] document, byte[] grantsDocument) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(document);
			sha256.update(grantsDocument);
			sha256.update(this.regoModule);
			return HexFormat.of().formatHex(sha256.digest(), 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
