package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.customerdata.gateway.observability.TimeOrderedId;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.sources.SourceRecord;
import io.customerdata.gateway.sources.SourceResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * The unified view's answer: the merged view of the admitted records and its
 * {@code _meta}. Nothing in it counts, names or points at a record the caller was not
 * admitted to, unless {@code hide-existence} is off, where {@code refused_records} says
 * of each its source and the reason, never its id or data.
 */
final class CustomerViewAnswer {

	private final boolean hideExistence;

	private final AccessHints hints;

	CustomerViewAnswer(boolean hideExistence, AccessHints hints) {
		this.hideExistence = hideExistence;
		this.hints = hints;
	}

	ObjectNode of(Admission admission, String reference, Resolution resolution, Disclosure.Disclosed disclosed) {
		Decision decision = admission.summary();
		CustomerMerger.Merged merged = disclosed.merged();
		List<String> masked = disclosed.masked();
		List<String> withheld = disclosed.withheld();
		ObjectNode body = merged.view();
		ObjectNode meta = body.putObject("_meta");
		meta.put("reference", reference);
		meta.put("purpose", decision.purpose());
		meta.put("policy_version", decision.policyVersion());
		meta.put("decision_id", TimeOrderedId.next().toString());
		meta.put("partial", resolution.results().values().stream().anyMatch(SourceResult::failed));
		List<SourceRecord> admitted = admission.admittedRecords();
		// Whether a source had more than was read (a child result past its cap); said
		// only of a source the caller sees a record of, so it tells nothing of others.
		Set<String> cut = resolution.results()
			.values()
			.stream()
			.filter((result) -> result.truncated()
					&& admitted.stream().anyMatch((r) -> r.source().equals(result.source())))
			.map(SourceResult::source)
			.collect(Collectors.toSet());
		meta.put("truncated", !cut.isEmpty());
		ObjectNode sources = meta.putObject("sources");
		resolution.results().forEach((id, result) -> {
			ObjectNode source = sources.putObject(id).put("status", result.status());
			if (result.asked()) {
				// Records the caller is admitted to: a refused one is not counted.
				source.put("latency_ms", result.latencyMillis())
					.put("records", admitted.stream().filter((r) -> r.source().equals(id)).count());
			}
			if (cut.contains(id)) {
				source.put("truncated", true);
			}
		});
		var linked = meta.putArray("linked_records");
		admitted.forEach(
				(r) -> linked.addObject().put("source", r.source()).put("id", r.id()).put("matched_by", r.matchedBy()));
		if (!this.hideExistence && !admission.refused().isEmpty()) {
			// Without hide-existence a refusal may say why, never what the record holds.
			var refused = meta.putArray("refused_records");
			admission.refused()
				.forEach((r) -> refused.addObject()
					.put("source", r.record().source())
					.put("reason", Admission.reason(r)));
		}
		ObjectNode fields = meta.putObject("fields");
		fields.put("masked", masked.size()).put("withheld", withheld.size());
		masked.forEach(fields.withArray("masked_fields")::add);
		withheld.forEach(fields.withArray("withheld_fields")::add);
		if (!(masked.isEmpty() && withheld.isEmpty())) {
			List<String> notShown = new ArrayList<>(withheld);
			notShown.addAll(masked);
			SourceRecord first = admitted.get(0);
			Map<String, Object> hint = this.hints.forAnswer(decision, notShown, first.source() + ":" + first.id());
			if (!hint.isEmpty()) {
				meta.putPOJO("access_request", hint);
			}
		}
		ObjectNode provenance = meta.putObject("provenance");
		merged.provenance().forEach((field, from) -> from.forEach(provenance.withArray(field)::add));
		var conflicts = meta.putArray("conflicts");
		merged.conflicts().forEach((c) -> {
			ObjectNode conflict = conflicts.addObject().put("field", c.field()).put("chosen", c.chosen());
			c.sources().forEach(conflict.withArray("sources")::add);
		});
		return body;
	}

}
