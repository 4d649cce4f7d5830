package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.IdentityKeys;
import io.customerdata.gateway.sources.SourceRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A customer's linked records, each decided on its own: the caller must be admitted to
 * every record whose data leaves, so a record of another region, or one whose region
 * cannot be established, is left out of the merge instead of riding on a kinder record's
 * admission; so is a record linked only through a record left out.
 *
 * @param admitted the records the caller may see something of, with the decision that
 * says what, in the records' order
 * @param refused the others, with the decision that refused them
 */
record Admission(List<Decided> admitted, List<Decided> refused) {

	static final String NOT_LINKED = "not-linked";

	/** One linked record and the decision made for it. */
	record Decided(SourceRecord record, PolicyInput input, Decision decision) {
	}

	/**
	 * Decides every linked record of one customer, in order.
	 * @param found which records the caller's own reference or query found; the others
	 * were linked through a found record's e-mails and phones, and are admitted only
	 * through an admitted record's: a link through a record the caller may not see is not
	 * one the caller can establish
	 */
	static Mono<Admission> decide(PolicyDecisionPoint policy, PolicyInput.Subject who, String purpose,
			List<SourceRecord> records, CustomerAttributes attributes, Predicate<SourceRecord> found) {
		List<PolicyInput.Customer> customers = attributes.ofLinked(records);
		return Flux.range(0, records.size()).concatMap((i) -> {
			PolicyInput input = new PolicyInput(who, purpose, customers.get(i));
			return policy.decide(input).map((decision) -> new Decided(records.get(i), input, decision));
		}).collectList().map((decided) -> of(decided, found));
	}

	private static Admission of(List<Decided> decided, Predicate<SourceRecord> found) {
		Set<Decided> reached = new HashSet<>();
		Set<String> keys = new HashSet<>();
		boolean grew = true;
		while (grew) {
			grew = false;
			for (Decided record : decided) {
				if (record.decision().allow() && !reached.contains(record) && (found.test(record.record())
						|| !Collections.disjoint(keys, IdentityKeys.of(record.record())))) {
					reached.add(record);
					keys.addAll(IdentityKeys.of(record.record()));
					grew = true;
				}
			}
		}
		List<Decided> admitted = new ArrayList<>();
		List<Decided> refused = new ArrayList<>();
		decided.forEach((record) -> (reached.contains(record) ? admitted : refused).add(record));
		return new Admission(List.copyOf(admitted), List.copyOf(refused));
	}

	boolean nothingAdmitted() {
		return this.admitted.isEmpty();
	}

	/**
	 * The first refusal by the policy, in the records' order: what a caller admitted to
	 * none is told.
	 */
	Decision firstRefusal() {
		return this.refused.stream()
			.map(Decided::decision)
			.filter((decision) -> !decision.allow())
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Why a record was left out: the policy's reason, or {@code not-linked} for a record
	 * the policy would admit but that only a refused record links to the customer.
	 */
	static String reason(Decided refused) {
		return refused.decision().allow() ? NOT_LINKED : refused.decision().reason().code();
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
