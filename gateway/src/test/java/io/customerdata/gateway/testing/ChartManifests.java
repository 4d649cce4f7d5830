package io.customerdata.gateway.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The Helm chart in {@code helm/customer-gateway}, rendered by Helm's own template engine
 * (helm-java) as {@code helm template} would, with a values file and {@code --set}
 * values.
 */
public final class ChartManifests {

	public static final Path CHART = Podman.REPOSITORY.resolve("helm/customer-gateway");

	/**
	 * Rendered as for a cluster of this version (Helm's own default is older than the
	 * chart allows).
	 */
	static final String KUBE_VERSION = "1.31.0";

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.build();

	private final List<JsonNode> manifests;

	private ChartManifests(List<JsonNode> manifests) {
		this.manifests = manifests;
	}

	public static ChartManifests render(String release, Path values, Map<String, String> sets) {
		TemplateCommand template = new Helm(CHART).template()
			.withName(release)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(values);
		sets.forEach(template::set);
		return new ChartManifests(Arrays.stream(template.call().split("(?m)^---\\s*$"))
			.map(YAML::readTree)
			.filter((manifest) -> manifest != null && manifest.has("kind"))
			.toList());
	}

	/** The rendered manifests of these kinds, in the chart's order. */
	public List<JsonNode> ofKinds(String... kinds) {
		List<String> wanted = List.of(kinds);
		return this.manifests.stream().filter((manifest) -> wanted.contains(manifest.path("kind").asString())).toList();
	}

	/** The only manifest of this kind. */
	public JsonNode one(String kind) {
		List<JsonNode> found = ofKinds(kind);
		if (found.size() != 1) {
			throw new AssertionError(found.size() + " manifests of kind " + kind);
		}
		return found.get(0);
	}

	/** A container of the workload's pod template, by name. */
	public JsonNode container(String name) {
		for (JsonNode container : one("Deployment").at("/spec/template/spec/containers")) {
			if (container.path("name").asString().equals(name)) {
				return container;
			}
		}
		throw new AssertionError("no container " + name + " in the Deployment");
	}

	/** These manifests as one multi-document YAML stream. */
	public static String yaml(List<JsonNode> manifests) {
		return manifests.stream().map(YAML::writeValueAsString).collect(Collectors.joining("---\n"));
	}

}
