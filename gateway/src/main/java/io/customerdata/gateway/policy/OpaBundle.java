package io.customerdata.gateway.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy in force as an OPA bundle: the Rego module, the policy document at its data
 * path ({@code data.customer_gateway.policy}), the personal grants at theirs
 * ({@code data.customer_gateway.personal_grants}) and a manifest whose revision is the
 * store's. Built once per revision.
 */
final class OpaBundle {

	static final String MODULE_PATH = "customer_gateway/decision.rego";

	static final String DATA_PATH = "customer_gateway/policy/data.json";

	static final String GRANTS_PATH = "customer_gateway/personal_grants/data.json";

	private final PolicyStore store;

	private final JsonMapper json;

	private final AtomicReference<Built> built = new AtomicReference<>();

	/** A bundle and the revision it holds. */
	record Built(String revision, byte[] archive) {
	}

	OpaBundle(PolicyStore store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	Built current() {
		PolicyStore.Published published = this.store.current();
		Built last = this.built.get();
		if (last != null && last.revision().equals(published.revision())) {
			return last;
		}
		Built fresh = new Built(published.revision(), archive(published));
		this.built.set(fresh);
		return fresh;
	}

	private byte[] archive(PolicyStore.Published published) {
		byte[] manifest = this.json.writeValueAsBytes(
				java.util.Map.of("revision", published.revision(), "roots", java.util.List.of("customer_gateway"),
						"rego_version", 1, "metadata", java.util.Map.of("policy_version", published.version())));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
			add(tar, ".manifest", manifest);
			add(tar, DATA_PATH, published.document());
			add(tar, GRANTS_PATH, published.grantsDocument());
			add(tar, MODULE_PATH, this.store.regoModule());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("writing to memory", ex);
		}
		return bytes.toByteArray();
	}

	private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(content.length);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}

}
