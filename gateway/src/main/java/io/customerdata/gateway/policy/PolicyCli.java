package io.customerdata.gateway.policy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.FileSystemResource;

/**
 * The embedded evaluator on the command line, what {@code opa eval} and {@code opa test}
 * are to OPA users (see {@code policies/README.md}):
 *
 * <pre>
 * check POLICY             validate a policy document
 * eval  POLICY INPUT       print the decision for one input
 * test  POLICY DIRECTORY   run a decision table; exit 1 on any failure
 * </pre>
 */
public final class PolicyCli {

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final PolicyReader reader = new PolicyReader(this.json);

	private final PrintStream out;

	PolicyCli(PrintStream out) {
		this.out = out;
	}

	public static void main(String[] args) {
		System.exit(new PolicyCli(System.out).run(args));
	}

	int run(String... args) {
		try {
			return switch ((args.length > 0) ? args[0] : "") {
				case "check" -> (args.length == 2) ? check(args[1]) : usage();
				case "eval" -> (args.length == 3) ? eval(args[1], args[2]) : usage();
				case "test" -> (args.length == 3) ? test(args[1], args[2]) : usage();
				default -> usage();
			};
		}
		catch (InvalidPolicyException ex) {
			this.out.println("invalid policy document:");
			ex.violations().forEach((violation) -> this.out.println("  " + violation));
			return 1;
		}
		catch (Exception ex) {
			this.out.println("error: " + ex.getMessage());
			return 1;
		}
	}

	private int check(String policy) {
		CompiledPolicy compiled = this.reader.read(new FileSystemResource(policy));
		this.out.println("policy version " + compiled.version() + " is valid");
		return 0;
	}

	private int eval(String policy, String input) throws Exception {
		CompiledPolicy compiled = this.reader.read(new FileSystemResource(policy));
		PolicyInput parsed = this.json.readValue(Path.of(input).toFile(), PolicyInput.class);
		this.out.println(this.json.writeValueAsString(compiled.decide(parsed)));
		return 0;
	}

	private int test(String policy, String directory) throws Exception {
		CompiledPolicy compiled = this.reader.read(new FileSystemResource(policy));
		List<DecisionTable.Case> cases = DecisionTable.load(Path.of(directory), this.json);
		int failed = 0;
		for (DecisionTable.Case c : cases) {
			JsonNode decision = this.json.valueToTree(c.decide(compiled, this.json));
			List<String> mismatches = DecisionTable.mismatches(c.expect(), decision);
			if (!mismatches.isEmpty()) {
				failed++;
				this.out.println("FAIL " + c);
				mismatches.forEach((m) -> this.out.println("     " + m));
			}
		}
		this.out.println((cases.size() - failed) + " passed, " + failed + " failed");
		return (failed == 0 && !cases.isEmpty()) ? 0 : 1;
	}

	private int usage() {
		this.out.println("""
				usage: policy-cli check POLICY
				       policy-cli eval  POLICY INPUT
				       policy-cli test  POLICY DECISION_TABLE_DIRECTORY""");
		return 2;
	}

}
