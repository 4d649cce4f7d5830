package io.customerdata.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The podman command line, for the tests that build the gateway's image and run it.
 * Podman runs with the repository's {@code image/containers.conf} (runc, cgroupfs, low
 * ulimits: what the CI machines need) unless {@code CONTAINERS_CONF} names another.
 */
public final class Podman {

	/** The repository's root, where failsafe runs Maven from. */
	public static final Path REPOSITORY = Path.of(System.getProperty("it.repository", "..")).toAbsolutePath();

	static final Path CONTAINERS_CONF = Path
		.of(System.getenv().getOrDefault("CONTAINERS_CONF", REPOSITORY.resolve("image/containers.conf").toString()));

	private Podman() {
	}

	/**
	 * Why the podman tests cannot run here, or {@code null} when they can: podman must be
	 * installed, with runc (the runtime {@code image/containers.conf} names).
	 */
	public static String unavailable() {
		if (!installed("podman")) {
			return "podman is not installed (Debian: apt-get install podman runc mmdebstrap; .ci/run does)";
		}
		// podman looks for its runtime beyond the PATH too
		if (!installed("runc", "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
			return "runc is not installed (Debian: apt-get install runc)";
		}
		return null;
	}

	/** Runs {@code podman ARGS}; its standard output, or an error with its log. */
	public static String run(String... arguments) {
		List<String> command = new ArrayList<>(List.of("podman"));
		command.addAll(List.of(arguments));
		return exec(command, Map.of(), Duration.ofMinutes(2));
	}

	/** Creates (or replaces) a secret holding {@code content}. */
	public static void secret(String name, String content) {
		try {
			Path file = Files.createTempFile("podman-secret", ".json");
			try {
				Files.writeString(file, content);
				removeSecret(name);
				run("secret", "create", name, file.toString());
			}
			finally {
				Files.delete(file);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Removes a secret, if there is one of this name (podman 4.3 has no --ignore). */
	public static void removeSecret(String name) {
		if (run("secret", "ls", "--format", "{{.Name}}").lines().anyMatch(name::equals)) {
			run("secret", "rm", name);
		}
	}

	/** Removes a volume, if there is one of this name. */
	public static void removeVolume(String name) {
		if (run("volume", "ls", "--format", "{{.Name}}").lines().anyMatch(name::equals)) {
			run("volume", "rm", "--force", name);
		}
	}

	/**
	 * Runs a command with podman's configuration in its environment, within a bound; its
	 * standard output (standard error joins it in the message of a failure).
	 */
	public static String exec(List<String> command, Map<String, String> environment, Duration bound) {
		try {
			Path output = Files.createTempFile("podman", ".out");
			Path errors = Files.createTempFile("podman", ".err");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
					.redirectError(errors.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
				builder.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
				builder.environment().putAll(environment);
				Process process = builder.start();
				if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
					throw new IllegalStateException(command + " took longer than " + bound + ":\n"
							+ tail(Files.readString(output) + Files.readString(errors)));
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "):\n"
							+ tail(Files.readString(output) + Files.readString(errors)));
				}
				return Files.readString(output);
			}
			finally {
				Files.deleteIfExists(output);
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(command + " could not run", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String tail(String text) {
		return (text.length() > 6000) ? "…" + text.substring(text.length() - 6000) : text;
	}

	private static boolean installed(String executable, String... elsewhere) {
		return Stream
			.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")), Arrays.stream(elsewhere))
			.anyMatch((directory) -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, executable)));
	}

}
