package io.customerdata.gateway.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's image, built once per test run by {@code image/build.sh} (the command
 * docs/deployment.md names) from the jar this build made. The default base is built from
 * Debian's packages first if podman does not have it yet.
 */
public final class GatewayImage {

	/**
	 * A tag of the tests' own, so that a run never replaces an image someone else built
	 * (one per pod port: two runs on one machine use two).
	 */
	public static final String NAME = "localhost/customer-data-gateway:it-" + System.getProperty("it.pod.port", "0");

	/** Where build.sh writes the SBOM and the image's id. */
	public static final Path OUTPUT = Path.of("target", "image").toAbsolutePath();

	/**
	 * A fresh machine also builds the base (about a minute) and downloads its packages.
	 */
	private static final Duration BOUND = Duration.ofMinutes(10);

	private static Built built;

	private GatewayImage() {
	}

	/** What building the image took and said. */
	public record Built(String name, Duration took, String log) {
	}

	public static synchronized Built build() {
		if (built == null) {
			long start = System.nanoTime();
			String log = Podman.exec(
					List.of("bash", Podman.REPOSITORY.resolve("image/build.sh").toString()), Map.of("IMAGE", NAME,
							"GATEWAY_JAR", System.getProperty("it.gateway.jar"), "OUTPUT_DIR", OUTPUT.toString()),
					BOUND);
			built = new Built(NAME, Duration.ofNanos(System.nanoTime() - start), log);
		}
		return built;
	}

}
