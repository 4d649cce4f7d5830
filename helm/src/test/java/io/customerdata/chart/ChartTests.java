package io.customerdata.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.customerdata.chart.RenderedChart.FULLNAME;
import static io.customerdata.chart.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, linted and rendered for every {@code ci/*-values.yaml} scenario by
 * Helm's own code, with the rendered manifests read back as Kubernetes objects.
 */
class ChartTests {

	static List<String> scenarios() {
		return RenderedChart.scenarios();
	}

	@Test
	void everyScenarioTheTestsKnowIsInCi() {
		assertThat(scenarios()).containsExactly("minimal", "opa-sidecar", "podman", "production-like");
	}

	/**
	 * helm-java's lint takes no values file, so each scenario is linted as a copy of the
	 * chart whose values.yaml is the scenario merged onto the defaults, as -f would.
	 */
	@ParameterizedTest
	@MethodSource("scenarios")
	void lintsWithoutWarnings(String scenario, @TempDir Path work) throws IOException {
		Path chart = copy(RenderedChart.CHART, work.resolve("customer-gateway"));
		Files.writeString(chart.resolve("values.yaml"), RenderedChart.mergedValues(scenario));

		LintResult lint = new Helm(chart).lint().strict().call();

		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
		assertThat(lint.getMessages()).noneMatch((message) -> message.contains("[WARNING]"));
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void everyContainerRunsLockedDown(String scenario) {
		RenderedChart chart = render(scenario);
		PodSpec pod = chart.podTemplate().getSpec();

		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(pod.getContainers()).isNotEmpty().allSatisfy((container) -> {
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(container.getName())
				.containsExactly("ALL");
			assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
			assertThat(container.getResources().getLimits()).as(container.getName()).containsKey("memory");
		});
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void probesAskTheManagementPort(String scenario) {
		RenderedChart chart = render(scenario);
		Container gateway = gateway(chart.podTemplate());

		// The ports the container declares are the ones the application listens on.
		assertThat(gateway.getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.containsExactly("http:" + chart.applicationConfig().at("/server/port").asInt(),
					"management:" + chart.applicationConfig().at("/management/server/port").asInt());
		assertProbe(gateway.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(gateway.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(gateway.getReadinessProbe(), "/actuator/health/readiness");
	}

	/**
	 * Out of the box a customer the caller may not see is answered as an unknown one: a
	 * 403 with its reason tells that the customer exists.
	 */
	@ParameterizedTest
	@MethodSource("scenarios")
	void aCustomerTheCallerMayNotSeeIsHiddenByDefault(String scenario) {
		assertThat(render(scenario).applicationConfig().at("/gateway/policy/hide-existence").isBoolean()).isTrue();
		assertThat(render(scenario).applicationConfig().at("/gateway/policy/hide-existence").asBoolean()).isTrue();
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void credentialsComeFromExistingSecretsOnly(String scenario) {
		RenderedChart chart = render(scenario);
		Container gateway = gateway(chart.podTemplate());

		assertThat(secretRef(gateway, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("customer-gateway-db/password");
		assertThat(secretRef(gateway, "SPRING_DATASOURCE_USERNAME")).isEqualTo("customer-gateway-db/username");
		assertThat(secretRef(gateway, "PSEUDONYM_KEY")).isEqualTo("customer-gateway-pseudonym/pseudonym-key");
		assertThat(secretRef(gateway, "BUNDLE_TOKEN")).isEqualTo("customer-gateway-bundle/bundle-token");
		assertThat(chart.applicationConfig().at("/gateway/policy/bundle/token").asText()).isEqualTo("env:BUNDLE_TOKEN");
		assertThat(chart.kinds()).doesNotContain("Secret");
		assertThat(env(gateway, "SPRING_PROFILES_ACTIVE")).isEqualTo("k8s");
		assertThat(chart.applicationConfig().at("/gateway/audit/spool/directory").asText())
			.isEqualTo("/var/lib/customer-gateway/audit-spool");
		assertThat(chart.applicationConfig().at("/gateway/policy/administration/cache-directory").asText())
			.as("the policy version in force, on the spool's volume")
			.startsWith("/var/lib/customer-gateway/audit-spool/");
		assertThat(gateway.getVolumeMounts()).anySatisfy((mount) -> {
			assertThat(mount.getName()).isEqualTo("audit-spool");
			assertThat(mount.getMountPath()).isEqualTo("/var/lib/customer-gateway/audit-spool");
		});
	}

	@Test
	void minimalRunsTheEmbeddedEvaluatorInADeployment() {
		RenderedChart chart = render("minimal");

		Deployment deployment = chart.one(Deployment.class, "Deployment");
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
			.containsExactly("gateway");
		assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
			.anySatisfy((volume) -> assertThat(volume.getName()).isEqualTo("audit-spool"))
			.filteredOn((volume) -> volume.getName().equals("audit-spool"))
			.allSatisfy((volume) -> assertThat(volume.getEmptyDir()).isNotNull());
		assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
			.extracting((constraint) -> constraint.getTopologyKey())
			.containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");

		JsonNode config = chart.applicationConfig();
		assertThat(config.at("/gateway/policy/engine").asText()).isEqualTo("embedded");
		assertThat(config.at("/gateway/policy/opa").isMissingNode()).isTrue();
		assertThat(config.at("/gateway/policy/source").isMissingNode()).as("versions in the database").isTrue();
		assertThat(config.at("/gateway/security/issuer-uri").asText())
			.isEqualTo("https://sso.example.com/realms/customer-data");
		assertThat(config.at("/gateway/federation/sources/crm/base-url").asText()).isEqualTo("http://crm:8081");
		assertThat(config.at("/management/opentelemetry").isMissingNode()).as("no OTLP export by default").isTrue();

		assertThat(
				chart.one(PodDisruptionBudget.class, "PodDisruptionBudget").getSpec().getMaxUnavailable().getIntVal())
			.isEqualTo(1);
		assertThat(chart.one(NetworkPolicy.class, "NetworkPolicy").getSpec().getIngress())
			.extracting((rule) -> rule.getPorts().get(0).getPort().getStrVal())
			.containsExactly("http", "management");
		assertThat(chart.kinds()).doesNotContain("HorizontalPodAutoscaler", "ServiceMonitor", "StatefulSet");
		Service service = chart.one(Service.class, "Service");
		assertThat(service.getSpec().getPorts()).extracting((port) -> port.getName() + ":" + port.getPort())
			.containsExactly("http:80", "management:9090");
		assertThat(gateway(chart.podTemplate()).getPorts()).extracting((port) -> port.getContainerPort())
			.containsExactly(8080, 9090);
	}

	@Test
	void theOpaSidecarPollsItsOwnPodsGatewayForTheBundle() throws IOException {
		RenderedChart chart = render("opa-sidecar");
		PodSpec pod = chart.podTemplate().getSpec();

		assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("gateway", "opa");
		Container opa = pod.getContainers().get(1);
		assertThat(opa.getImage()).startsWith("openpolicyagent/opa:");
		assertThat(opa.getArgs()).contains("run", "--server", "--addr=127.0.0.1:8181",
				"--config-file=/etc/opa/opa.yaml");
		assertThat(opa.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health?bundles");
		assertThat(opa.getVolumeMounts()).anySatisfy((mount) -> {
			assertThat(mount.getMountPath()).isEqualTo("/etc/opa/opa.yaml");
			assertThat(mount.getSubPath()).isEqualTo("opa.yaml");
		});

		JsonNode opaConfig = RenderedChart.YAML.readTree(chart.configMap().getData().get("opa.yaml"));
		JsonNode bundle = opaConfig.at("/bundles/customer-gateway");
		assertThat(opaConfig.at("/services/" + bundle.path("service").asText() + "/url").asText())
			.isEqualTo("http://127.0.0.1:8080");
		assertThat(bundle.path("resource").asText()).isEqualTo("/opa/bundles/customer-gateway.tar.gz");
		// OPA presents the bundle token, from the same Secret as the gateway checks it
		// with.
		assertThat(opaConfig.at("/services/" + bundle.path("service").asText() + "/credentials/bearer/token").asText())
			.isEqualTo("${BUNDLE_TOKEN}");
		assertThat(secretRef(opa, "BUNDLE_TOKEN")).isEqualTo("customer-gateway-bundle/bundle-token");
		assertThat(bundle.at("/polling/min_delay_seconds").asInt()).isEqualTo(1);
		assertThat(bundle.at("/polling/max_delay_seconds").asInt()).isEqualTo(3);

		JsonNode config = chart.applicationConfig();
		assertThat(config.at("/gateway/policy/engine").asText()).isEqualTo("opa");
		assertThat(config.at("/gateway/policy/opa/url").asText()).isEqualTo("http://127.0.0.1:8181");
		assertThat(config.at("/gateway/policy/opa/timeout").asText()).isEqualTo("100ms");
		assertThat(config.at("/gateway/policy/shadow").asText()).isEqualTo("embedded");
	}

	@Test
	void productionLikeAutoscalesAStatefulSetWithASpoolClaimPerPod() {
		RenderedChart chart = render("production-like");

		StatefulSet statefulSet = chart.one(StatefulSet.class, "StatefulSet");
		assertThat(statefulSet.getSpec().getReplicas()).as("replicas are the autoscaler's").isNull();
		assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(FULLNAME + "-headless");
		assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).singleElement().satisfies((claim) -> {
			assertThat(claim.getMetadata().getName()).isEqualTo("audit-spool");
			assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard-rwo");
			assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
		});
		assertThat(statefulSet.getSpec().getTemplate().getSpec().getVolumes())
			.noneMatch((volume) -> volume.getName().equals("audit-spool"));
		assertThat(chart.one(Service.class, "Service", FULLNAME + "-headless").getSpec().getClusterIP())
			.isEqualTo("None");
		assertThat(chart.kinds()).doesNotContain("Deployment");

		HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, "HorizontalPodAutoscaler");
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(FULLNAME);
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);

		JsonNode monitor = chart.raw("ServiceMonitor");
		assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
		assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
		assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");

		Container gateway = gateway(statefulSet.getSpec().getTemplate());
		assertThat(gateway.getImage()).isEqualTo("registry.example.com/customer-data/gateway:0.1.0");
		assertThat(secretRef(gateway, "SPRING_DATA_REDIS_PASSWORD")).isEqualTo("customer-gateway-redis/redis-password");
		assertThat(statefulSet.getSpec().getTemplate().getSpec().getVolumes())
			.filteredOn((volume) -> volume.getConfigMap() != null)
			.extracting((volume) -> volume.getConfigMap().getName())
			.contains("customer-gateway-policy");

		JsonNode config = chart.applicationConfig();
		assertThat(config.at("/gateway/policy/engine").asText()).isEqualTo("opa");
		assertThat(config.at("/gateway/policy/opa/url").asText()).isEqualTo("http://opa.policy.svc:8181");
		assertThat(config.at("/gateway/policy/document").asText())
			.isEqualTo("file:/etc/customer-gateway/policy/data.json");
		assertThat(config.at("/gateway/policy/source").asText()).isEqualTo("file");
		assertThat(config.at("/gateway/rate-limit/store").asText()).isEqualTo("redis");
		assertThat(config.at("/spring/data/redis/host").asText()).isEqualTo("redis.data.svc");
		assertThat(config.at("/management/opentelemetry/tracing/export/otlp/endpoint").asText())
			.isEqualTo("http://otel-collector.observability.svc:4318/v1/traces");
		assertThat(config.at("/management/tracing/sampling/probability").asDouble()).isEqualTo(0.05);
		// the free-form config merges into what the chart sets, key by key
		assertThat(config.at("/gateway/federation/sources/crm/response-timeout").asText()).isEqualTo("2s");
		assertThat(config.at("/gateway/federation/sources/crm/base-url").asText())
			.isEqualTo("http://crm.sales.svc:8081");

		assertThat(chart.one(NetworkPolicy.class, "NetworkPolicy").getSpec().getIngress().get(0).getFrom())
			.extracting((peer) -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
			.containsExactly("ingress-nginx", "policy");
	}

	@Test
	void accessRequestAnnouncementsAreSignedWithAKeyFromAnExistingSecret() {
		RenderedChart chart = render("production-like");
		JsonNode access = chart.applicationConfig().at("/gateway/access-requests");

		assertThat(access.path("approvals").asInt()).isEqualTo(2);
		assertThat(access.at("/webhook/url").asText()).isEqualTo("https://hooks.example.org/customer-gateway/access");
		assertThat(access.at("/webhook/secret").asText()).isEqualTo("env:ACCESS_WEBHOOK_SECRET");
		assertThat(secretRef(gateway(chart.podTemplate()), "ACCESS_WEBHOOK_SECRET"))
			.isEqualTo("customer-gateway-webhook/webhook-secret");
		assertThat(render("minimal").applicationConfig().at("/gateway/access-requests/webhook").isMissingNode())
			.as("no URL, no announcements")
			.isTrue();
	}

	@Test
	void theDashboardIsShippedForGrafanasSidecar() throws IOException {
		ConfigMap dashboard = render("production-like").one(ConfigMap.class, "ConfigMap", FULLNAME + "-dashboard");

		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Customer Data");
		JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("customer-gateway.json"));
		String expressions = json.findValues("expr").toString();
		assertThat(expressions).contains("http_server_requests_seconds_bucket", "spring_cloud_gateway_requests_seconds",
				"gateway_source_requests_seconds_count", "resilience4j_circuitbreaker_state",
				"gateway_policy_decisions_total", "gateway_policy_decision_latency_seconds_bucket",
				"gateway_policy_cache_total", "gateway_fields_total", "gateway_audit_spool_depth",
				"gateway_ratelimit_rejections_total", "gateway_insights_shared_fields", "gateway_insights_unmet_demand",
				"gateway_insights_unused_grant_fields");
		assertThat(render("minimal").kinds()).doesNotContain("ServiceMonitor")
			.filteredOn("ConfigMap"::equals)
			.hasSize(1);
	}

	/**
	 * A key the gateway does not know would be ignored without a word, so every key the
	 * chart writes must be in the configuration metadata of the gateway or Spring Boot;
	 * keys below a map property (a source's settings) count as known.
	 */
	@ParameterizedTest
	@MethodSource("scenarios")
	void everyConfigurationKeyIsOneTheGatewayKnows(String scenario) throws IOException {
		ConfigurationMetadata metadata = ConfigurationMetadata.onClassPath();
		List<String> keys = new java.util.ArrayList<>();
		flatten("", render(scenario).applicationConfig(), keys);

		assertThat(keys).isNotEmpty().allSatisfy((key) -> assertThat(metadata.knows(key)).as(key).isTrue());
		assertThat(metadata.knows("gateway.policy.engin")).isFalse();
	}

	static Stream<Arguments> invalidValues() {
		return Stream.of(Arguments.of("a misspelt key", Map.of("replicaCont", 3), "'replicaCont' not allowed"),
				Arguments.of("an unknown engine", Map.of("policy.engine", "opa"), "at '/policy/engine'"),
				Arguments.of("a writable root file system", Map.of("securityContext.readOnlyRootFilesystem", false),
						"at '/securityContext/readOnlyRootFilesystem'"),
				Arguments.of("root", Map.of("podSecurityContext.runAsNonRoot", false),
						"at '/podSecurityContext/runAsNonRoot'"),
				Arguments.of("an unknown service type", Map.of("service.type", "Ingress"), "at '/service/type'"),
				Arguments.of("no replicas", Map.of("replicaCount", 0), "at '/replicaCount'"),
				Arguments.of("a duration without unit", Map.of("policy.opa.timeout", "fast"),
						"at '/policy/opa/timeout'"),
				Arguments.of("a database that is not PostgreSQL", Map.of("database.url", "jdbc:h2:mem:audit"),
						"at '/database/url'"),
				Arguments.of("no issuer", Map.of("keycloak.issuerUri", ""), "keycloak.issuerUri is required"),
				Arguments.of("no pseudonym key", Map.of("pseudonymKey.existingSecret", ""),
						"pseudonymKey.existingSecret is required"),
				Arguments.of("no bundle token", Map.of("policy.bundleToken.existingSecret", ""),
						"policy.bundleToken.existingSecret is required"),
				Arguments.of("an external OPA without its URL", Map.of("policy.engine", "opa-external"),
						"policy.opa.url is required"),
				Arguments.of("Redis limits without Redis", Map.of("rateLimit.store", "redis"),
						"redis.host is required"),
				Arguments.of("a shadow without an engine to shadow", Map.of("policy.shadowEmbedded", true),
						"policy.shadowEmbedded needs an OPA engine"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidValues")
	void invalidValuesAreRejectedBeforeAnythingIsRendered(String mistake, Map<String, Object> values, String message) {
		assertThatThrownBy(() -> render("minimal", values)).hasMessageContaining(message);
	}

	private static void flatten(String prefix, JsonNode node, List<String> keys) {
		if (node.isObject()) {
			node.fieldNames()
				.forEachRemaining(
						(name) -> flatten(prefix.isEmpty() ? name : prefix + "." + name, node.get(name), keys));
		}
		else {
			keys.add(prefix);
		}
	}

	private static Container gateway(PodTemplateSpec template) {
		return template.getSpec()
			.getContainers()
			.stream()
			.filter((container) -> container.getName().equals("gateway"))
			.findFirst()
			.orElseThrow();
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
	}

	private static String env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((env) -> env.getName().equals(name))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private static String secretRef(Container container, String name) {
		EnvVar env = container.getEnv()
			.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name));
		var ref = env.getValueFrom().getSecretKeyRef();
		return ref.getName() + "/" + ref.getKey();
	}

	private static Path copy(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		return to;
	}

}
