package io.customerdata.gateway.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's ES modules, as a browser would link them, without a browser: a name
 * imported from a module it does not export, or a path that names no file, stops the
 * whole console from starting, and the browser tests are skipped where there is no
 * Chromium.
 */
class ConsoleModulesTests {

	static final String ENTRY = "main.js";

	static final Pattern IMPORT = Pattern.compile("^import \\{([^}]*)\\} from '(\\.{1,2}/[\\w./-]+\\.js)';",
			Pattern.MULTILINE);

	static final Pattern ANY_IMPORT = Pattern.compile("^\\s*import\\b|\\bimport\\(", Pattern.MULTILINE);

	static final Pattern EXPORT = Pattern.compile("^export (?:async )?(?:function|const|let|class) (\\w+)",
			Pattern.MULTILINE);

	@Test
	void indexLoadsTheEntryModuleAsAModule() throws IOException {
		assertThat(new ClassPathResource("console/index.html").getContentAsString(StandardCharsets.UTF_8))
			.contains("<script type=\"module\" src=\"/console/" + ENTRY + "\"></script>");
	}

	@Test
	void everyImportedNameIsExportedByAModuleThatExists() throws IOException {
		Map<String, String> modules = modules();
		assertThat(modules).containsKey(ENTRY);
		modules.forEach((path, source) -> {
			assertThat(ANY_IMPORT.matcher(source).results().count()).as("%s imports only named bindings", path)
				.isEqualTo(IMPORT.matcher(source).results().count());
			for (Import imported : imports(path, source)) {
				assertThat(modules).as("%s imports from %s", path, imported.from()).containsKey(imported.from());
				assertThat(exports(modules.get(imported.from()))).as("what %s imports from %s", path, imported.from())
					.containsAll(imported.names());
			}
		});
	}

	@Test
	void everyModuleIsReachedFromTheEntryWithoutACycle() throws IOException {
		Map<String, String> modules = modules();
		Set<String> reached = new HashSet<>();
		visit(ENTRY, modules, reached, new ArrayDeque<>());
		assertThat(reached).as("modules the console loads").containsExactlyInAnyOrderElementsOf(modules.keySet());
	}

	private static void visit(String path, Map<String, String> modules, Set<String> reached, Deque<String> chain) {
		assertThat(chain).as("a module imports itself through %s", chain).doesNotContain(path);
		if (!reached.add(path)) {
			return;
		}
		chain.push(path);
		for (Import imported : imports(path, modules.get(path))) {
			visit(imported.from(), modules, reached, chain);
		}
		chain.pop();
	}

	/** Every {@code .js} file under {@code console/}, by its path there. */
	private static Map<String, String> modules() throws IOException {
		String root = new ClassPathResource("console/").getURL().toString();
		Map<String, String> modules = new TreeMap<>();
		for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:console/**/*.js")) {
			modules.put(resource.getURL().toString().substring(root.length()),
					resource.getContentAsString(StandardCharsets.UTF_8));
		}
		return modules;
	}

	private static List<Import> imports(String path, String source) {
		String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
		return IMPORT.matcher(source)
			.results()
			.map((match) -> new Import(resolve(folder, match.group(2)),
					List.of(match.group(1).trim().split("\\s*,\\s*"))))
			.toList();
	}

	/**
	 * A relative module path against the importing module's folder, as a browser resolves
	 * it.
	 */
	private static String resolve(String folder, String relative) {
		Deque<String> parts = new ArrayDeque<>(Arrays.stream(folder.split("/")).filter((p) -> !p.isEmpty()).toList());
		for (String part : relative.split("/")) {
			if (part.equals("..")) {
				parts.removeLast();
			}
			else if (!part.equals(".")) {
				parts.addLast(part);
			}
		}
		return String.join("/", parts);
	}

	private static Set<String> exports(String source) {
		return EXPORT.matcher(source).results().map((match) -> match.group(1)).collect(Collectors.toSet());
	}

	record Import(String from, List<String> names) {
	}

}
