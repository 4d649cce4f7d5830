package io.customerdata.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Events on local disk while the database is away: JSON lines appended and forced to the
 * device before they count as safe, bounded in size, read back whole when the database
 * returns. Only the audit writer's thread touches it.
 */
final class AuditSpool {

	private final Path file;

	private final long maxBytes;

	private volatile long depth;

	AuditSpool(Path directory, long maxBytes) {
		try {
			Files.createDirectories(directory);
			this.file = directory.resolve("audit-spool.jsonl");
			if (!Files.exists(this.file)) {
				Files.createFile(this.file);
			}
			this.maxBytes = maxBytes;
			this.depth = Files.readAllLines(this.file, StandardCharsets.UTF_8)
				.stream()
				.filter((l) -> !l.isBlank())
				.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Audit spool not usable at " + directory, ex);
		}
	}

	/** Appends the events durably, or throws {@link Full} and appends none. */
	void append(List<String> jsonLines) throws IOException {
		StringBuilder text = new StringBuilder();
		jsonLines.forEach((line) -> text.append(line).append('\n'));
		byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			if (channel.size() + bytes.length > this.maxBytes) {
				throw new Full();
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
		this.depth += jsonLines.size();
	}

	List<String> readAll() throws IOException {
		return Files.readAllLines(this.file, StandardCharsets.UTF_8).stream().filter((l) -> !l.isBlank()).toList();
	}

	/** Empties the spool once everything read from it is in the database. */
	void clear() throws IOException {
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.WRITE)) {
			channel.truncate(0);
			channel.force(true);
		}
		this.depth = 0;
	}

	long depth() {
		return this.depth;
	}

	/** The spool has no room for more events. */
	static final class Full extends IOException {

		Full() {
			super("audit spool full");
		}

	}

}
