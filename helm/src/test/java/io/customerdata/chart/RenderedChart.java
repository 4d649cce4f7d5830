package io.customerdata.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The chart rendered by Helm's own template engine (through helm-java), as typed objects.
 */
final class RenderedChart {

	static final Path CHART = Path.of("customer-gateway").toAbsolutePath();

	static final String RELEASE = "gw";

	static final String FULLNAME = "gw-customer-gateway";

	/** Rendered as for a cluster of this version (Helm's own default is far older). */
	static final String KUBE_VERSION = "1.31.0";

	static final YAMLMapper YAML = new YAMLMapper();

	private static final ObjectMapper JSON = new ObjectMapper();

	private final List<JsonNode> manifests;

	private RenderedChart(String rendered) {
		this.manifests = Arrays.stream(rendered.split("(?m)^---\\s*$"))
			.map(RenderedChart::parse)
			.filter(Objects::nonNull)
			.toList();
	}

	/** Renders with a ci/ scenario's values and any further --set values. */
	static RenderedChart render(String scenario, Map<String, Object> sets) {
		TemplateCommand template = new Helm(CHART).template()
			.withName(RELEASE)
			.withNamespace("customer-data")
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(scenario(scenario));
		sets.forEach(template::set);
		return new RenderedChart(template.call());
	}

	static RenderedChart render(String scenario) {
		return render(scenario, Map.of());
	}

	static Path scenario(String name) {
		return CHART.resolve("ci").resolve(name + "-values.yaml");
	}

	/** Every scenario under ci/, by name (minimal for ci/minimal-values.yaml). */
	static List<String> scenarios() {
		try (var files = Files.list(CHART.resolve("ci"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((file) -> file.endsWith("-values.yaml"))
				.map((file) -> file.substring(0, file.length() - "-values.yaml".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> kinds() {
		return this.manifests.stream().map((manifest) -> manifest.path("kind").asText()).toList();
	}

	boolean has(String kind) {
		return kinds().contains(kind);
	}

	/** The only manifest of this kind (and name, where several share a kind). */
	<T extends HasMetadata> T one(Class<T> type, String kind, String name) {
		List<JsonNode> matching = this.manifests.stream()
			.filter((manifest) -> manifest.path("kind").asText().equals(kind))
			.filter((manifest) -> manifest.at("/metadata/name").asText().equals(name))
			.toList();
		if (matching.size() != 1) {
			throw new AssertionError(matching.size() + " manifests " + kind + "/" + name + " in " + kinds());
		}
		return JSON.convertValue(matching.get(0), type);
	}

	<T extends HasMetadata> T one(Class<T> type, String kind) {
		return one(type, kind, FULLNAME);
	}

	/** Untyped, for kinds fabric8's core model does not know (ServiceMonitor). */
	JsonNode raw(String kind) {
		return this.manifests.stream()
			.filter((manifest) -> manifest.path("kind").asText().equals(kind))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " in " + kinds()));
	}

	/**
	 * The gateway's pods, from the Deployment or, with a persistent spool, the
	 * StatefulSet.
	 */
	PodTemplateSpec podTemplate() {
		return has("StatefulSet") ? one(StatefulSet.class, "StatefulSet").getSpec().getTemplate()
				: one(Deployment.class, "Deployment").getSpec().getTemplate();
	}

	/** The application.yaml the gateway reads, parsed. */
	JsonNode applicationConfig() {
		return parse(configMap().getData().get("application.yaml"));
	}

	ConfigMap configMap() {
		return one(ConfigMap.class, "ConfigMap");
	}

	/** Deep-merges a scenario onto the chart's defaults, as Helm does with -f. */
	static String mergedValues(String scenario) {
		try {
			ObjectNode defaults = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
			merge(defaults, YAML.readTree(scenario(scenario).toFile()));
			return YAML.writeValueAsString(defaults);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void merge(ObjectNode target, JsonNode overrides) {
		List<String> names = new ArrayList<>();
		overrides.fieldNames().forEachRemaining(names::add);
		for (String name : names) {
			JsonNode value = overrides.get(name);
			if (value.isObject() && target.get(name) instanceof ObjectNode existing) {
				merge(existing, value);
			}
			else {
				target.set(name, value);
			}
		}
	}

	private static JsonNode parse(String yaml) {
		try {
			JsonNode node = YAML.readTree(yaml);
			return (node == null || node.isNull() || node.isMissingNode()) ? null : node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
