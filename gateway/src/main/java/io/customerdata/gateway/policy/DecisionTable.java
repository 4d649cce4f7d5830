package io.customerdata.gateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The decision table in {@code policies/decisions/*.json}: the contract every evaluator
 * must pass. Each file holds one table under a key of its own ({@code own_department}),
 * so that OPA, which loads every JSON file under {@code policies/} as data, sees them
 * side by side in {@code data.decisions} rather than as conflicting documents. Each case
 * names an input, optionally the personal grants published beside the policy, and the
 * parts of the decision it pins down: {@code allow}, {@code reason}, optionally
 * {@code purpose} and the view of chosen {@code fields} per source. Decisions are
 * compared as JSON, so the same check serves the embedded evaluator and OPA.
 */
public final class DecisionTable {

	/**
	 * One case: where it comes from, its input, the personal grants published with the
	 * policy (an object of id to grant, often empty) and its expectation, all as JSON.
	 */
	public record Case(String file, String name, JsonNode input, JsonNode personalGrants, JsonNode expect) {

		/** The decision the embedded evaluator makes for this case. */
		public Decision decide(CompiledPolicy policy, JsonMapper json) {
			PolicyInput input = json.treeToValue(this.input, PolicyInput.class);
			return policy.decide(input, new PolicyReader(json).readGrants(this.personalGrants));
		}

		@Override
		public String toString() {
			return this.file + " › " + this.name;
		}

	}

	private DecisionTable() {
	}

	/** Every case of every {@code *.json} file in the directory, files in name order. */
	public static List<Case> load(Path directory, JsonMapper json) throws IOException {
		List<Case> cases = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				cases.addAll(cases(file.getFileName().toString(), json.readTree(file.toFile())));
			}
		}
		return cases;
	}

	/**
	 * Every case of the table built into the jar ({@code policies/decisions} as
	 * {@code classpath:policy/decisions/*.json}), files in name order.
	 */
	public static List<Case> builtIn(JsonMapper json) throws IOException {
		Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:policy/decisions/*.json");
		Arrays.sort(files, Comparator.comparing((Resource file) -> String.valueOf(file.getFilename())));
		List<Case> cases = new ArrayList<>();
		for (Resource file : files) {
			try (InputStream in = file.getInputStream()) {
				cases.addAll(cases(String.valueOf(file.getFilename()), json.readTree(in)));
			}
		}
		return cases;
	}

	private static List<Case> cases(String file, JsonNode tables) {
		List<Case> cases = new ArrayList<>();
		for (JsonNode table : tables) {
			for (JsonNode c : table.path("cases")) {
				cases.add(new Case(file, c.path("name").asString(), c.path("input"), c.path("personal_grants"),
						c.path("expect")));
			}
		}
		return cases;
	}

	/**
	 * What differs between the expectation and a decision; empty when the case passes.
	 */
	public static List<String> mismatches(JsonNode expect, JsonNode decision) {
		List<String> mismatches = new ArrayList<>();
		for (String key : List.of("allow", "reason", "purpose")) {
			if (expect.has(key) && !expect.get(key).equals(decision.get(key))) {
				mismatches.add(key + ": expected " + expect.get(key) + ", was " + decision.get(key));
			}
		}
		for (Map.Entry<String, JsonNode> source : expect.path("fields").properties()) {
			for (Map.Entry<String, JsonNode> field : source.getValue().properties()) {
				JsonNode actual = decision.path("sources").path(source.getKey()).path(field.getKey());
				if (!field.getValue().equals(actual)) {
					mismatches.add(source.getKey() + " " + field.getKey() + ": expected " + field.getValue() + ", was "
							+ (actual.isMissingNode() ? "absent" : actual));
				}
			}
		}
		return mismatches;
	}

}
