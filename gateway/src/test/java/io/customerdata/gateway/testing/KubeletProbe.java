package io.customerdata.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * A container's HTTP probe as it is declared in a rendered manifest, performed the way
 * the kubelet performs it: a GET from outside the container to the pod's address on the
 * probe's port (a named port is looked up in the container's ports), within the probe's
 * timeout; any status from 200 to 399 passes.
 *
 * <p>
 * Podman cannot stand in for the kubelet here: {@code kube play} (4.3) turns only the
 * liveness probe into a health check, runs it with {@code curl} inside the container (the
 * image has none), leaves named ports unresolved, and schedules it through systemd.
 */
public final class KubeletProbe {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final URI uri;

	private final Duration timeout;

	private final Duration period;

	private final int failureThreshold;

	private KubeletProbe(URI uri, Duration timeout, Duration period, int failureThreshold) {
		this.uri = uri;
		this.timeout = timeout;
		this.period = period;
		this.failureThreshold = failureThreshold;
	}

	/**
	 * The probe {@code kind} ({@code readinessProbe}, {@code startupProbe}, …) of a
	 * container, against the pod at {@code host}.
	 */
	public static KubeletProbe of(JsonNode container, String kind, String host) {
		JsonNode probe = container.path(kind);
		JsonNode httpGet = probe.path("httpGet");
		if (httpGet.isMissingNode()) {
			throw new AssertionError(container.path("name").asString() + " has no HTTP " + kind);
		}
		URI uri = URI.create(httpGet.path("scheme").asString("HTTP").toLowerCase() + "://" + host + ":"
				+ port(container, httpGet.path("port")) + httpGet.path("path").asString("/"));
		// Kubernetes' defaults where the manifest says nothing.
		return new KubeletProbe(uri, Duration.ofSeconds(probe.path("timeoutSeconds").asInt(1)),
				Duration.ofSeconds(probe.path("periodSeconds").asInt(10)), probe.path("failureThreshold").asInt(3));
	}

	/** The longest the kubelet waits for this probe: period × failure threshold. */
	public Duration budget() {
		return this.period.multipliedBy(this.failureThreshold);
	}

	public boolean passes() {
		try {
			HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(this.uri).timeout(this.timeout).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() >= 200 && response.statusCode() < 400;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Probes every period until the probe passes; how long that took, or an error once
	 * {@code bound} has passed.
	 */
	public Duration awaitPass(Duration bound) {
		long start = System.nanoTime();
		while (!passes()) {
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			if (waited.compareTo(bound) > 0) {
				throw new AssertionError(this.uri + " did not pass within " + bound);
			}
			sleep(this.period);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Override
	public String toString() {
		return this.uri.toString();
	}

	private static int port(JsonNode container, JsonNode port) {
		if (port.isNumber()) {
			return port.asInt();
		}
		for (JsonNode declared : container.path("ports")) {
			if (declared.path("name").asString().equals(port.asString())) {
				return declared.path("containerPort").asInt();
			}
		}
		throw new AssertionError("the probe names port " + port + ", which the container does not declare");
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
