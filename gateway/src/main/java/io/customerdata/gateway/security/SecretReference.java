package io.customerdata.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A secret named, never written, in configuration: {@code env:NAME} (an environment
 * variable) or {@code file:/path} (a mounted file, as Kubernetes mounts a Secret). A file
 * is read again at most once per {@link #RECHECK}, and at once after the source refused
 * it, so a rotated secret is used without a restart. (Its content is compared, not its
 * modification time: Kubernetes swaps a symbolic link, and coarse file-system clocks give
 * two writes one time.) The value never appears in {@link #toString()}.
 */
public final class SecretReference {

	/** How often a file is read again. */
	public static final Duration RECHECK = Duration.ofSeconds(1);

	private final String reference;

	private final Function<String, String> environment;

	private final Clock clock;

	private volatile Read last = new Read("", Instant.MIN);

	private record Read(String value, Instant read) {
	}

	private SecretReference(String reference, Function<String, String> environment, Clock clock) {
		this.reference = reference;
		this.environment = environment;
		this.clock = clock;
	}

	/**
	 * @throws IllegalArgumentException if the text is not a reference: a secret written
	 * into configuration is refused at start-up
	 */
	public static SecretReference of(String reference, Clock clock) {
		return of(reference, System.getenv(), clock);
	}

	public static SecretReference of(String reference, Map<String, String> environment, Clock clock) {
		if (!(reference.startsWith("env:") && reference.length() > 4)
				&& !(reference.startsWith("file:") && reference.length() > 5)) {
			throw new IllegalArgumentException(
					"a secret is configured by reference only, env:NAME or file:/path (the value given is not shown)");
		}
		return new SecretReference(reference, environment::get, clock);
	}

	/**
	 * The secret's current value, read off the event loop when a file must be looked at.
	 */
	public Mono<String> value() {
		if (this.reference.startsWith("env:")) {
			String value = this.environment.apply(this.reference.substring(4));
			return (value != null && !value.isEmpty()) ? Mono.just(value)
					: Mono.error(new IllegalStateException("secret " + this + " is not set"));
		}
		Read read = this.last;
		if (!read.value().isEmpty() && read.read().plus(RECHECK).isAfter(this.clock.instant())) {
			return Mono.just(read.value());
		}
		return Mono.fromCallable(this::readFile).subscribeOn(Schedulers.boundedElastic());
	}

	/** Forgets the value read, so the next use reads the file again (after a 401). */
	public void forget() {
		this.last = new Read("", Instant.MIN);
	}

	private String readFile() {
		try {
			String value = Files.readString(Path.of(this.reference.substring(5)), StandardCharsets.UTF_8).strip();
			if (value.isEmpty()) {
				throw new IllegalStateException("secret " + this + " is empty");
			}
			this.last = new Read(value, this.clock.instant());
			return value;
		}
		catch (IOException ex) {
			// the exception's message could quote the path only, but its class says
			// enough
			throw new UncheckedIOException("secret " + this + " cannot be read",
					new IOException(ex.getClass().getSimpleName()));
		}
	}

	/** The reference, which names where the secret is, never what it is. */
	@Override
	public String toString() {
		return this.reference;
	}

}
