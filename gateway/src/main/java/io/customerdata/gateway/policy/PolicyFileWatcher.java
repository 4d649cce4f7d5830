package io.customerdata.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import io.customerdata.gateway.Periodic;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Hot reload of a policy document on the file system: the file is read at an interval
 * (which, unlike file-system events, also sees a Kubernetes ConfigMap swapping its
 * symbolic link) and every change is published. A document that fails validation is
 * refused by the store, and the version in force stays.
 */
final class PolicyFileWatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PolicyFileWatcher.class);

	private final @Nullable Path file;

	private final Duration interval;

	private final Periodic periodic = new Periodic();

	private final PolicyStore store;

	private volatile byte[] lastSeen;

	/**
	 * @param file the document's file; {@code null} (a document inside the jar) or a zero
	 * interval turns watching off
	 */
	PolicyFileWatcher(@Nullable Path file, Duration interval, PolicyStore store) {
		this.file = file;
		this.interval = interval;
		this.store = store;
		this.lastSeen = store.current().document();
	}

	@Override
	public boolean isAutoStartup() {
		return this.file != null && !this.interval.isZero();
	}

	@Override
	public void start() {
		this.periodic.every(this.interval, this.interval, "Policy file check", this::check);
		log.info("Watching {} for policy changes every {}", this.file, this.interval);
	}

	void check() {
		byte[] content;
		try {
			content = Files.readAllBytes(java.util.Objects.requireNonNull(this.file));
		}
		catch (IOException ex) {
			log.warn("Policy document {} not readable ({}); version {} stays in force", this.file,
					ex.getClass().getSimpleName(), this.store.current().version());
			return;
		}
		if (Arrays.equals(content, this.lastSeen)) {
			return;
		}
		this.lastSeen = content;
		try {
			this.store.publish(content);
		}
		catch (InvalidPolicyException ex) {
			// Logged and counted by the store; the file is tried again once it changes.
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

}
