package io.customerdata.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages are modules that depend on each other without a cycle and use only
 * what each offers (its top-level package, or a named interface such as
 * {@code sources.connector}); the module table in {@code docs/architecture.md} is the one
 * this check sees, dependencies included.
 */
class ModuleStructureTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(CustomerDataGatewayApplication.class);

	/** A row of the table: | [`name`](…) | what | `uses`, `uses` |. */
	private static final Pattern ROW = Pattern.compile("^\\| \\[`([a-z]+)`\\]\\([^)]*\\) \\|[^|]*\\|([^|]*)\\|$",
			Pattern.MULTILINE);

	@Test
	void modulesHaveNoCyclesAndUseOnlyEachOthersApis() {
		MODULES.verify();
	}

	@Test
	void theArchitecturePageListsTheModulesAndWhatEachUses() throws IOException {
		Map<String, Set<String>> documented = new TreeMap<>();
		Matcher row = ROW.matcher(Files.readString(repository().resolve("docs/architecture.md")));
		while (row.find()) {
			documented.put(row.group(1),
					Arrays.stream(row.group(2).split(","))
						.map((use) -> use.strip().replace("`", ""))
						.filter((use) -> !use.isEmpty())
						.collect(Collectors.toCollection(TreeSet::new)));
		}
		Map<String, Set<String>> actual = new TreeMap<>();
		MODULES.forEach((module) -> actual.put(module.getIdentifier().toString(), uses(module)));

		assertThat(documented).isEqualTo(actual);
	}

	/**
	 * The component diagram docs/architecture.md shows, written where the build can see
	 * it.
	 */
	@Test
	void writesTheComponentDiagram() throws IOException {
		Path out = Path.of("target/spring-modulith-docs");
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(out.toString())).writeModulesAsPlantUml(
				Documenter.DiagramOptions.defaults().withStyle(Documenter.DiagramOptions.DiagramStyle.UML));
		List<String> written = Files.readAllLines(out.resolve("components.puml"));
		assertThat(written).anyMatch((line) -> line.contains("Sources"))
			.anyMatch((line) -> line.contains("Disclosure"));
		// Modulith writes the relationships in no fixed order: the same lines, in any
		// order.
		assertThat(Files.readAllLines(repository().resolve("docs/architecture/modules.puml")))
			.as("docs/architecture/modules.puml is the diagram written now (copy it from target/spring-modulith-docs)")
			.containsExactlyInAnyOrderElementsOf(written);
	}

	private static Set<String> uses(ApplicationModule module) {
		return module.getDirectDependencies(MODULES)
			.uniqueModules()
			.map((dependency) -> dependency.getIdentifier().toString())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Path repository() {
		Path here = Path.of("").toAbsolutePath();
		while (!Files.exists(here.resolve("mvnw"))) {
			here = here.getParent();
		}
		return here;
	}

}
