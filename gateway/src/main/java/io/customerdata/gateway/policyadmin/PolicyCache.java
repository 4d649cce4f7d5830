package io.customerdata.gateway.policyadmin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last policy version this replica applied, on its own volume: what it enforces if it
 * starts while the database is away. The document is kept beside its SHA-256, both
 * replaced atomically; a document that does not match its digest is not used.
 */
final class PolicyCache {

	private static final Logger log = LoggerFactory.getLogger(PolicyCache.class);

	private final Path document;

	private final Path digest;

	PolicyCache(Path directory) {
		this.document = directory.resolve("policy-in-force.json");
		this.digest = directory.resolve("policy-in-force.json.sha256");
	}

	/**
	 * Keeps a document; a failure to is logged, never thrown: the database still has it.
	 */
	void save(byte[] document) {
		try {
			Files.createDirectories(this.document.getParent());
			write(this.document, document);
			write(this.digest, sha256(document).getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			log.warn("Policy version not cached in {} ({})", this.document.getParent(), ex.getClass().getSimpleName());
		}
	}

	/** The cached document, if there is one and it matches its digest. */
	Optional<byte[]> load() {
		try {
			if (!Files.exists(this.document) || !Files.exists(this.digest)) {
				return Optional.empty();
			}
			byte[] document = Files.readAllBytes(this.document);
			String expected = Files.readString(this.digest, StandardCharsets.US_ASCII).strip();
			if (!sha256(document).equals(expected)) {
				log.error("Cached policy version in {} does not match its digest: not used", this.document);
				return Optional.empty();
			}
			return Optional.of(document);
		}
		catch (IOException ex) {
			log.error("Cached policy version in {} not readable ({})", this.document, ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	Path directory() {
		return this.document.getParent();
	}

	private static void write(Path target, byte[] content) throws IOException {
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		Files.write(temporary, content);
		Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
