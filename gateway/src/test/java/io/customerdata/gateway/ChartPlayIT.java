package io.customerdata.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.customerdata.gateway.testing.ChartManifests;
import io.customerdata.gateway.testing.GatewayImage;
import io.customerdata.gateway.testing.KeycloakRealm;
import io.customerdata.gateway.testing.KubeletProbe;
import io.customerdata.gateway.testing.OwnDatabase;
import io.customerdata.gateway.testing.Podman;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Helm chart under a real container runtime, as far as one machine without a
 * Kubernetes control plane allows: rendered with {@code ci/podman-values.yaml} by Helm's
 * own engine, its Deployment and ConfigMap played with {@code podman kube play}, the
 * Secrets it names created beforehand, against this machine's PostgreSQL (a database of
 * its own, behind a proxy the test can cut) and the Keycloak and departments that
 * failsafe starts. One pod, in three steps that build on each other: it becomes ready by
 * its own readiness probe and audits what it discloses; killed in the middle of a burst,
 * it comes back and every answered request has its event (spooled on the chart's volume
 * while the database was away); upgraded to a new tag with a changed value, it serves
 * again within the time the chart gives a pod to start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartPlayIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final int PORT = Integer.getInteger("it.pod.port", 18480);

	static final int MANAGEMENT_PORT = Integer.getInteger("it.pod.management-port", 18490);

	/** The release, and so every name podman creates for it, is this run's own. */
	static final String RELEASE = "it" + PORT;

	static final Path VALUES = ChartManifests.CHART.resolve("ci/podman-values.yaml");

	/** What slirp4netns shows the pod of the host's loopback (allow_host_loopback). */
	static final String HOST_SEEN_FROM_POD = "10.0.2.2";

	static final String NETWORK = "slirp4netns:allow_host_loopback=true";

	static final String UPGRADE_TAG = GatewayImage.NAME + "-upgraded";

	static final String VIEW = "/api/v1/customers/crm:ACC-000001";

	static final KeycloakRealm keycloak = new KeycloakRealm(RealStack.ISSUER);

	static OwnDatabase database;

	static TcpProxy databasePath;

	static Path kubeFile;

	static ChartManifests played;

	static long playedAt;

	@BeforeAll
	static void play() throws Exception {
		String unavailable = Podman.unavailable();
		assumeTrue(unavailable == null, unavailable);
		GatewayImage.build();
		database = OwnDatabase.fresh("gateway_pod_" + PORT);
		databasePath = new TcpProxy(OwnDatabase.PORT);
		createSecrets();
		kubeFile = Files.createTempFile("chart-play", ".yaml");
		played = render(Map.of());
		removeConfigMapVolumes();
		Podman.run("kube", "play", "--network", NETWORK, "--replace", write(played));
		playedAt = System.nanoTime();
	}

	@AfterAll
	static void tearDown() throws Exception {
		if (kubeFile != null) {
			Podman.run("kube", "down", kubeFile.toString());
			Files.delete(kubeFile);
			removeConfigMapVolumes();
		}
		if (Podman.unavailable() == null) {
			for (String secret : List.of("db", "pseudonym", "bundle")) {
				Podman.removeSecret(RELEASE + "-" + secret);
			}
			Podman.run("rmi", "--ignore", UPGRADE_TAG);
		}
		if (databasePath != null) {
			databasePath.close();
		}
		if (database != null) {
			database.close();
		}
	}

	@Test
	@Order(1)
	void becomesReadyByItsOwnProbeRunsLockedDownAndAuditsAUnifiedView() throws Exception {
		awaitReady();
		System.out.println("ChartPlayIT: ready by its readiness probe "
				+ Duration.ofNanos(System.nanoTime() - playedAt).toMillis() + " ms after kube play returned");

		JsonNode gateway = inspect(container());
		assertThat(gateway.at("/HostConfig/ReadonlyRootfs").asBoolean()).isTrue();
		assertThat(gateway.at("/Config/User").asString()).isEqualTo("65532:65532");
		assertThat(gateway.at("/HostConfig/Memory").asLong()).as("the chart's memory limit, 768Mi")
			.isEqualTo(768L * 1024 * 1024);

		HttpResponse<String> view = view("carol");
		assertThat(view.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(view.body()).at("/support").isMissingNode()).isFalse();
		String traceId = view.headers().firstValue("X-Trace-Id").orElseThrow();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(database.auditEventsOf(List.of(traceId))).isEqualTo(1));
	}

	@Test
	@Order(2)
	void killedInTheMiddleOfABurstItComesBackAndEveryAnsweredRequestHasItsEvent() throws Exception {
		awaitReady();
		Burst burst = new Burst("carol");
		try {
			burst.awaitAnswers(10);
			// The database goes away: from now on events are safe only on the spool's
			// volume.
			databasePath.cut();
			int beforeCut = burst.answers();
			burst.awaitAnswers(beforeCut + 10);
			assertThat(metric("gateway_audit_events_total{outcome=\"spooled\"")).as("events on the spool").isPositive();

			JsonNode gateway = inspect(container());
			int restarts = gateway.at("/RestartCount").asInt();
			// As the kernel kills a process (out of memory): no shutdown, no flush.
			ProcessHandle.of(gateway.at("/State/Pid").asLong()).orElseThrow().destroyForcibly();
			// Requests go on (and are refused) for a moment while it is down.
			Thread.sleep(1000);
			burst.stop();
			databasePath.restore();

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(inspect(container()).at("/RestartCount").asInt())
					.as("restarted by its restart policy")
					.isGreaterThan(restarts));
			Duration back = awaitReady();
			System.out.println("ChartPlayIT: killed after " + burst.answers() + " answers; ready again after "
					+ back.toMillis() + " ms");
		}
		finally {
			burst.stop();
			databasePath.restore();
		}

		assertThat(burst.statuses()).as("every answer was a disclosure").containsOnly(200);
		List<String> answered = burst.traceIds();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(database.auditEventsOf(answered)).isEqualTo(answered.size()));
	}

	@Test
	@Order(3)
	void anUpgradeToANewTagWithAChangedValueServesAgainWithinTheStartupBudget() throws Exception {
		awaitReady();
		Podman.run("tag", GatewayImage.NAME, UPGRADE_TAG);
		ChartManifests upgraded = render(Map.of("image.tag", UPGRADE_TAG.substring(UPGRADE_TAG.indexOf(':') + 1),
				"javaOpts", "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"));
		// The bound: a pod that is not started within this is restarted by the kubelet.
		Duration bound = KubeletProbe.of(upgraded.container("gateway"), "startupProbe", "127.0.0.1").budget();

		Burst service = new Burst("carol");
		try {
			service.awaitAnswers(5);
			Podman.run("kube", "play", "--network", NETWORK, "--replace", write(upgraded));
			long replaced = System.nanoTime();
			await().atMost(bound.plusSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> service.servedSince(replaced) >= 3);
		}
		finally {
			service.stop();
		}
		Duration gap = service.longestGap();
		System.out.println("ChartPlayIT: upgrade played with --replace; longest gap in service " + gap.toMillis()
				+ " ms (bound " + bound.toSeconds() + " s)");
		assertThat(gap).isLessThan(bound);

		JsonNode gateway = inspect(container());
		assertThat(gateway.at("/ImageName").asString()).isEqualTo(UPGRADE_TAG);
		// The heap follows the container's memory limit at the new share.
		assertThat(metric("jvm_memory_max_bytes{area=\"heap\"")).isBetween(0.55 * 768 * 1024 * 1024,
				0.60 * 768 * 1024 * 1024);
	}

	private static ChartManifests render(Map<String, String> changes) {
		Map<String, String> sets = new HashMap<>();
		sets.put("image.repository", GatewayImage.NAME.substring(0, GatewayImage.NAME.lastIndexOf(':')));
		sets.put("image.tag", GatewayImage.NAME.substring(GatewayImage.NAME.lastIndexOf(':') + 1));
		sets.put("containerPorts.http", String.valueOf(PORT));
		sets.put("containerPorts.management", String.valueOf(MANAGEMENT_PORT));
		sets.put("keycloak.issuerUri", RealStack.ISSUER);
		sets.put("keycloak.jwkSetUri", seenFromPod(RealStack.ISSUER) + "/protocol/openid-connect/certs");
		for (String department : RealStack.DEPARTMENTS) {
			sets.put("sources." + department + ".baseUrl", seenFromPod(RealStack.url(department)));
		}
		sets.put("database.url",
				"jdbc:postgresql://" + HOST_SEEN_FROM_POD + ":" + databasePath.port() + "/" + database.name());
		sets.put("database.existingSecret", RELEASE + "-db");
		sets.put("pseudonymKey.existingSecret", RELEASE + "-pseudonym");
		sets.put("policy.bundleToken.existingSecret", RELEASE + "-bundle");
		sets.putAll(changes);
		return ChartManifests.render(RELEASE, VALUES, sets);
	}

	/**
	 * What podman plays of the chart: the workload and its configuration. It ignores
	 * Services, PodDisruptionBudgets and NetworkPolicies (the chart's tests cover them),
	 * and the {@code helm test} pod is a hook, not part of the release.
	 */
	private static String write(ChartManifests chart) throws IOException {
		Files.writeString(kubeFile, ChartManifests.yaml(chart.ofKinds("ConfigMap", "Deployment")));
		return kubeFile.toString();
	}

	/**
	 * The Secrets the chart names, created as a platform team would before installing it
	 * ({@code kubectl create secret}). Podman 4.3 reads a {@code secretKeyRef} from a
	 * podman secret holding the Secret's {@code data} as JSON; its own
	 * {@code kind: Secret} support stores YAML that its reader then rejects.
	 */
	private static void createSecrets() {
		Podman.secret(RELEASE + "-db", data(Map.of("username", "postgres", "password", "unused-with-trust-auth")));
		Podman.secret(RELEASE + "-pseudonym", data(Map.of("pseudonym-key", UUID.randomUUID().toString())));
		Podman.secret(RELEASE + "-bundle", data(Map.of("bundle-token", UUID.randomUUID().toString())));
	}

	private static String data(Map<String, String> values) {
		Map<String, String> encoded = new HashMap<>();
		values.forEach((key, value) -> encoded.put(key,
				Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
		return JSON.writeValueAsString(encoded);
	}

	/**
	 * Podman keeps a ConfigMap's content in a volume of the ConfigMap's name, which
	 * {@code kube down} leaves behind.
	 */
	private static void removeConfigMapVolumes() {
		played.ofKinds("ConfigMap")
			.forEach((configMap) -> Podman.removeVolume(configMap.at("/metadata/name").asString()));
	}

	private static String seenFromPod(String url) {
		return url.replace("//127.0.0.1:", "//" + HOST_SEEN_FROM_POD + ":");
	}

	/** Podman names a Deployment's container {@code <deployment>-pod-0-<container>}. */
	private static String container() {
		return played.one("Deployment").at("/metadata/name").asString() + "-pod-0-gateway";
	}

	/**
	 * Waits until the pod's readiness probe passes, at most as long as its startup probe
	 * would let it start.
	 */
	private static Duration awaitReady() {
		JsonNode gateway = played.container("gateway");
		Duration budget = KubeletProbe.of(gateway, "startupProbe", "127.0.0.1").budget();
		return KubeletProbe.of(gateway, "readinessProbe", "127.0.0.1").awaitPass(budget);
	}

	private static JsonNode inspect(String container) {
		return JSON.readTree(Podman.run("inspect", container)).get(0);
	}

	/** The sum of a Prometheus metric's samples whose name and labels begin so. */
	private static double metric(String prefix) throws Exception {
		String text = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return text.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.filter((value) -> value > 0)
			.sum();
	}

	static HttpResponse<String> view(String user) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + VIEW))
			.header("Authorization", "Bearer " + keycloak.token(user))
			.header("X-Purpose", "support-case")
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Unified-view requests one after another, on two threads, until stopped: what was
	 * answered (status, trace id, when), and when nothing was.
	 */
	static final class Burst {

		record Answer(int status, String traceId, long at) {
		}

		private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads;

		private final String token;

		private final long start = System.nanoTime();

		Burst(String user) {
			this.token = keycloak.token(user);
			this.threads = List.of(Thread.ofPlatform().start(this::send), Thread.ofPlatform().start(this::send));
		}

		private void send() {
			while (this.running.get()) {
				try {
					HttpResponse<Void> response = HTTP
						.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + VIEW))
							.header("Authorization", "Bearer " + this.token)
							.header("X-Purpose", "support-case")
							.timeout(Duration.ofSeconds(10))
							.build(), HttpResponse.BodyHandlers.discarding());
					this.answers.add(new Answer(response.statusCode(),
							response.headers().firstValue("X-Trace-Id").orElse(""), System.nanoTime()));
				}
				catch (IOException ex) {
					// Not answered: the gateway is down, or died with the request.
					pause();
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		int answers() {
			return this.answers.size();
		}

		void awaitAnswers(int count) {
			await().atMost(Duration.ofSeconds(60)).until(() -> answers() >= count);
		}

		List<Integer> statuses() {
			return this.answers.stream().map(Answer::status).toList();
		}

		List<String> traceIds() {
			return this.answers.stream().map(Answer::traceId).toList();
		}

		/**
		 * The longest time between two disclosures (or from the start to the first).
		 */
		Duration longestGap() {
			long previous = this.start;
			long longest = 0;
			for (long at : this.answers.stream()
				.filter((a) -> a.status() == 200)
				.mapToLong(Answer::at)
				.sorted()
				.toArray()) {
				longest = Math.max(longest, at - previous);
				previous = at;
			}
			return Duration.ofNanos(longest);
		}

		/** Disclosures answered since this instant ({@link System#nanoTime()}). */
		long servedSince(long instant) {
			return this.answers.stream().filter((a) -> a.status() == 200 && a.at() > instant).count();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(Duration.ofSeconds(15));
			}
		}

		private static void pause() {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
