package io.customerdata.gateway.policy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyCliTests {

	final ByteArrayOutputStream output = new ByteArrayOutputStream();

	final PolicyCli cli = new PolicyCli(new PrintStream(this.output, true, StandardCharsets.UTF_8));

	final String policy = PolicyFixtures.DOCUMENT.toString();

	final String decisions = PolicyFixtures.POLICIES.resolve("decisions").toString();

	@Test
	void checksADocument() {
		assertThat(this.cli.run("check", this.policy)).isZero();
		assertThat(output()).contains("policy version 2026-11-25.1 is valid");
	}

	@Test
	void evaluatesOneInput(@TempDir Path dir) throws Exception {
		Path input = Files.writeString(dir.resolve("input.json"), """
				{"subject": {"roles": ["support-agent"], "region": "EMEA"}, "purpose": "support-case",
				 "customer": {"region": "EMEA", "restricted": false, "consents": {}}}""");
		assertThat(this.cli.run("eval", this.policy, input.toString())).isZero();
		assertThat(output()).contains("\"reason\" : \"granted\"").contains("\"sales.deals[].amount\" : \"deny\"");
	}

	@Test
	void runsTheDecisionTable() {
		assertThat(this.cli.run("test", this.policy, this.decisions)).isZero();
		assertThat(output()).containsPattern("\\d+ passed, 0 failed");
	}

	@Test
	void reportsFailingCasesAndExitsNonZero(@TempDir Path dir) throws Exception {
		ObjectNode lenient = PolicyFixtures.shippedDocument();
		((ObjectNode) lenient.get("roles").get("support-agent")).put("region_scoped", false);
		Path mutated = Files.writeString(dir.resolve("policy.json"), PolicyFixtures.JSON.writeValueAsString(lenient));
		assertThat(this.cli.run("test", mutated.toString(), this.decisions)).isEqualTo(1);
		assertThat(output()).contains("FAIL row-level.json › region_scoped_agent_refused_other_region")
			.contains("reason: expected \"out-of-region\", was \"granted\"");
	}

	@Test
	void listsEveryViolationOfAnInvalidDocument(@TempDir Path dir) throws Exception {
		Path broken = Files.writeString(dir.resolve("policy.json"), "{\"version\": \"x\"}");
		assertThat(this.cli.run("check", broken.toString())).isEqualTo(1);
		assertThat(output()).contains("invalid policy document").contains("levels");
	}

	@Test
	void explainsItsUsage() {
		assertThat(this.cli.run()).isEqualTo(2);
		assertThat(output()).contains("usage: policy-cli check POLICY");
	}

	private String output() {
		return this.output.toString(StandardCharsets.UTF_8);
	}

}
