package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.disclosure.FieldCounts;
import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.sources.SourceRecord;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Enforces on each of a customer's admitted records the decision made for it, then merges
 * what may leave.
 */
final class Disclosure {

	private final FieldEnforcer enforcer;

	private final CustomerMerger merger = new CustomerMerger();

	private final MeterRegistry meters;

	Disclosure(FieldEnforcer enforcer, MeterRegistry meters) {
		this.enforcer = enforcer;
		this.meters = meters;
	}

	/**
	 * @param merged the view, with provenance and conflicts
	 * @param disclosed {@code source:field} names of the fields each source disclosed in
	 * clear (the merged view may show one value of several)
	 * @param masked {@code source:field} names of masked fields
	 * @param withheld {@code source:field} names of withheld fields
	 */
	record Disclosed(CustomerMerger.Merged merged, List<String> disclosed, List<String> masked, List<String> withheld) {
	}

	Disclosed disclose(List<Admission.Decided> admitted) {
		List<CustomerMerger.Disclosed> enforcedRecords = new ArrayList<>();
		List<String> disclosed = new ArrayList<>();
		List<String> masked = new ArrayList<>();
		List<String> withheld = new ArrayList<>();
		for (Admission.Decided decided : admitted) {
			SourceRecord record = decided.record();
			FieldEnforcer.Enforced enforced = this.enforcer.enforce(record.canonical(),
					decided.decision().sources().getOrDefault(record.source(), Map.of()));
			enforcedRecords.add(new CustomerMerger.Disclosed(
					new SourceRecord(record.source(), record.id(), enforced.record(), record.matchedBy()),
					Set.copyOf(enforced.masked())));
			List<String> shown = AuditEvents.fieldNames(enforced.record());
			FieldCounts.count(this.meters, record.source(), shown.size(), enforced.masked().size(),
					enforced.withheld().size());
			Set<String> maskedHere = Set.copyOf(enforced.masked());
			shown.stream()
				.filter((field) -> !maskedHere.contains(field))
				.forEach((field) -> disclosed.add(record.source() + ":" + field));
			enforced.masked().forEach((field) -> masked.add(record.source() + ":" + field));
			enforced.withheld().forEach((field) -> withheld.add(record.source() + ":" + field));
		}
		return new Disclosed(this.merger.merge(enforcedRecords), disclosed, masked, withheld);
	}

}
