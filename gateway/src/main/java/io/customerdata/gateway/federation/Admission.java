package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A customer's linked records, each decided on its own: the caller must be admitted to
 * every record whose data leaves, so a record of another region, or one whose region
 * cannot be established, is left out of the merge instead of riding on a kinder record's
 * admission.
 *
 * @param admitted the records the caller may see something of, with the decision that
 * says what, in the records' order
 * @param refused the others, with the decision that refused them
 */
record Admission(List<Decided> admitted, List<Decided> refused) {

	/** One linked record and the decision made for it. */
	record Decided(SourceRecord record, PolicyInput input, Decision decision) {
	}

	/** Decides every linked record of one customer, in order. */
	static Mono<Admission> decide(PolicyDecisionPoint policy, PolicyInput.Subject who, String purpose,
			List<SourceRecord> records, CustomerAttributes attributes) {
		List<PolicyInput.Customer> customers = attributes.ofLinked(records);
		return Flux.range(0, records.size()).concatMap((i) -> {
			PolicyInput input = new PolicyInput(who, purpose, customers.get(i));
			return policy.decide(input).map((decision) -> new Decided(records.get(i), input, decision));
		}).collectList().map(Admission::of);
	}

	private static Admission of(List<Decided> decided) {
		List<Decided> admitted = new ArrayList<>();
		List<Decided> refused = new ArrayList<>();
		decided.forEach((record) -> (record.decision().allow() ? admitted : refused).add(record));
		return new Admission(List.copyOf(admitted), List.copyOf(refused));
	}

	boolean nothingAdmitted() {
		return this.admitted.isEmpty();
	}

	/**
	 * The first refusal, in the records' order: what a caller admitted to none is told.
	 */
	Decision firstRefusal() {
		return this.refused.get(0).decision();
	}

	List<SourceRecord> admittedRecords() {
		return this.admitted.stream().map(Decided::record).toList();
	}

	/**
	 * One decision standing for the admitted records, for what the answer says of the
	 * decision as a whole (purpose, version, what a request could add): each source's
	 * field views as the decision of its first admitted record made them.
	 */
	Decision summary() {
		Decision first = this.admitted.get(0).decision();
		Map<String, Map<String, String>> sources = new LinkedHashMap<>(first.sources());
		for (int i = this.admitted.size() - 1; i >= 0; i--) {
			Decided record = this.admitted.get(i);
			String source = record.record().source();
			sources.put(source, record.decision().sources().getOrDefault(source, Map.of()));
		}
		return new Decision(true, first.reason(), first.policyVersion(), first.purpose(), Map.copyOf(sources));
	}

}
