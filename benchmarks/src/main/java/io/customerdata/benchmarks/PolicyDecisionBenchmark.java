package io.customerdata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.core.io.ClassPathResource;

/**
 * Latency of one embedded policy decision, uncached (the compiled evaluator) and cached
 * (the decision point's cache hit), over 256 distinct inputs cycling through roles,
 * purposes, regions, restricted flags and consents. Sample-time mode, so JMH reports
 * percentiles: see benchmarks/README.md for the command and results.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class PolicyDecisionBenchmark {

	private static final List<String> ROLES = List.of("sales-rep", "marketing-analyst", "support-agent",
			"security-officer");

	private static final List<String> PURPOSES = List.of("account-management", "sales-followup", "support-case",
			"campaign-planning", "customer-analytics");

	private static final List<String> REGIONS = List.of("EMEA", "AMER", "APAC");

	private CompiledPolicy policy;

	private EmbeddedPolicyDecisionPoint cached;

	private PolicyInput[] inputs;

	private int next;

	@Setup
	public void setUp() {
		this.policy = new PolicyReader().read(new ClassPathResource("policy/data.json"));
		this.cached = new EmbeddedPolicyDecisionPoint(this.policy, 10_000);
		List<PolicyInput> all = new ArrayList<>();
		for (int i = 0; all.size() < 256; i++) {
			String role = ROLES.get(i % ROLES.size());
			// As the gateway asks: with the subject's id and the customer's records,
			// which
			// only personal grants read (none here: the cache key leaves them out).
			all.add(new PolicyInput(
					new PolicyInput.Subject(Set.of(role), "dept", REGIONS.get(i % REGIONS.size()), "subject-" + i % 50),
					PURPOSES.get((i / 4) % PURPOSES.size()),
					new PolicyInput.Customer(REGIONS.get((i / 3) % REGIONS.size()), i % 37 == 0,
							Map.of("sales-followup", i % 2 == 0), List.of("crm:ACC-" + i, "support:" + i))));
		}
		this.inputs = all.toArray(PolicyInput[]::new);
		for (PolicyInput input : this.inputs) {
			this.cached.decideNow(input);
		}
	}

	@Benchmark
	public Decision uncached() {
		return this.policy.decide(nextInput());
	}

	@Benchmark
	public Decision cached() {
		return this.cached.decideNow(nextInput());
	}

	private PolicyInput nextInput() {
		PolicyInput input = this.inputs[this.next];
		this.next = (this.next + 1) & 255;
		return input;
	}

}
