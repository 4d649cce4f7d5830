package io.customerdata.gateway;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the repository's Markdown (the README, {@code docs/}, the other
 * READMEs) leads to a file or directory inside the repository and, for an anchor into a
 * Markdown file, to one of its headings as GitHub names them. Links in code are not
 * links.
 */
class DocumentationLinksTests {

	private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

	private static final Pattern CODE_SPAN = Pattern.compile("(`+).*?\\1");

	private static final Pattern INLINE_LINK = Pattern
		.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");

	private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

	@Test
	void everyRelativeLinkInTheRepositoryResolves() throws IOException {
		Path root = repositoryRoot();
		assertThat(markdownFiles(root)).contains(root.resolve("README.md"));
		assertThat(brokenLinks(root)).isEmpty();
	}

	@Test
	void reportsMissingFilesMissingHeadingsAndLinksOutOfTheRepository(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve("docs"));
		Files.writeString(root.resolve("docs/page.md"),
				"# Page\n\n## Credentials (`auth`)\n\n```\n# not a heading\n```\n");
		Files.writeString(root.resolve("README.md"), """
				# Read me
				[fine](docs/page.md#credentials-auth), [here](#read-me), [web](https://example.com/x.md)
				[gone](docs/gone.md), [no heading](docs/page.md#not-a-heading), [up](../outside.md)
				`[in a code span](nowhere.md)`
				```
				[in a fence](nowhere.md)
				```
				[ref]: docs/also-gone.md
				""");

		assertThat(brokenLinks(root)).containsExactly("README.md:3: docs/gone.md: no such file",
				"README.md:3: docs/page.md#not-a-heading: no heading 'not-a-heading' in docs/page.md",
				"README.md:3: ../outside.md: outside the repository", "README.md:8: docs/also-gone.md: no such file");
	}

	@Test
	void namesHeadingsAsGitHubDoes() {
		assertThat(anchors(List.of("# Credentials (`auth`)", "## Insights: what departments share and need",
				"## The sample departments' own APIs", "## Upgrading", "## Upgrading", "## A — B × C",
				"## [Linked](elsewhere.md) heading", "## snake_case **bold**")))
			.containsExactlyInAnyOrder("credentials-auth", "insights-what-departments-share-and-need",
					"the-sample-departments-own-apis", "upgrading", "upgrading-1", "a--b--c", "linked-heading",
					"snake_case-bold");
	}

	private static List<String> brokenLinks(Path root) throws IOException {
		List<String> broken = new ArrayList<>();
		Map<Path, Set<String>> anchorsByFile = new HashMap<>();
		for (Path page : markdownFiles(root)) {
			List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
			List<String> prose = withoutCode(lines);
			for (int i = 0; i < prose.size(); i++) {
				for (String target : targets(prose.get(i))) {
					String problem = problem(root, page, target, anchorsByFile);
					if (problem != null) {
						broken.add(root.relativize(page) + ":" + (i + 1) + ": " + target + ": " + problem);
					}
				}
			}
		}
		return broken;
	}

	private static String problem(Path root, Path page, String target, Map<Path, Set<String>> anchorsByFile)
			throws IOException {
		if (SCHEME.matcher(target).find()) {
			return null;
		}
		int hash = target.indexOf('#');
		String path = decoded((hash < 0) ? target : target.substring(0, hash));
		Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
		if (!file.startsWith(root)) {
			return "outside the repository";
		}
		if (!Files.exists(file)) {
			return "no such file";
		}
		if (hash < 0 || !file.toString().endsWith(".md")) {
			return null;
		}
		String anchor = target.substring(hash + 1);
		Set<String> anchors = anchorsByFile.computeIfAbsent(file, DocumentationLinksTests::anchorsOf);
		return anchors.contains(anchor) ? null : "no heading '" + anchor + "' in " + root.relativize(file);
	}

	private static List<String> targets(String line) {
		List<String> targets = new ArrayList<>();
		String text = CODE_SPAN.matcher(line).replaceAll("");
		Matcher inline = INLINE_LINK.matcher(text);
		while (inline.find()) {
			targets.add(inline.group(1));
		}
		Matcher definition = REFERENCE_DEFINITION.matcher(text);
		if (definition.find()) {
			targets.add(definition.group(1));
		}
		return targets;
	}

	/** The lines with fenced code blanked, so that line numbers stay as they are. */
	private static List<String> withoutCode(List<String> lines) {
		List<String> prose = new ArrayList<>(lines.size());
		boolean fenced = false;
		for (String line : lines) {
			boolean fence = FENCE.matcher(line).find();
			prose.add((fenced || fence) ? "" : line);
			fenced ^= fence;
		}
		return prose;
	}

	private static Set<String> anchorsOf(Path file) {
		try {
			return anchors(withoutCode(Files.readAllLines(file, StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + file, ex);
		}
	}

	/** GitHub's anchors (github-slugger): a repeated heading gets -1, -2, … */
	private static Set<String> anchors(List<String> lines) {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : lines) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String slug = slug(heading.group(2));
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
		}
		return anchors;
	}

	private static String slug(String heading) {
		String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("*", "");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "").replace(' ', '-');
	}

	private static String decoded(String path) {
		return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static List<Path> markdownFiles(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.toString().endsWith(".md"))
				.filter((file) -> !builtOrHidden(root.relativize(file)))
				.sorted()
				.toList();
		}
	}

	private static boolean builtOrHidden(Path relative) {
		for (Path part : relative) {
			if (part.toString().equals("target") || part.toString().startsWith(".")) {
				return true;
			}
		}
		return false;
	}

	/** The directory holding the Maven wrapper, above the module the tests run in. */
	private static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md"))) {
				return dir;
			}
		}
		throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
	}

}
