package io.customerdata.gateway.insights;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PolicyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The insights as Prometheus gauges, over the configured window up to today, set after
 * every roll-up: {@code gateway_insights_shared_fields{requester_department,
 * source_department, view}}, {@code gateway_insights_unmet_demand{role, purpose,
 * source}}, {@code gateway_insights_unused_grant_fields{grant, kind}} and
 * {@code gateway_insights_requests{status}}. Labels come from closed sets: the
 * departments, roles, purposes and sources of the policy in force, and {@value #OTHER}
 * for any other value (a token's department, a purpose recorded before purposes were
 * bounded), so that no caller adds a series.
 */
final class InsightGauges {

	static final String OTHER = "other";

	private final Insights insights;

	private final PolicyStore policy;

	private final InsightsProperties properties;

	private final MultiGauge shared;

	private final MultiGauge unmet;

	private final MultiGauge unused;

	private final MultiGauge requests;

	InsightGauges(Insights insights, PolicyStore policy, InsightsProperties properties, MeterRegistry meters) {
		this.insights = insights;
		this.policy = policy;
		this.properties = properties;
		this.shared = MultiGauge.builder("gateway.insights.shared.fields")
			.description("Fields shown and not shown, by requesting and source department, over the window")
			.register(meters);
		this.unmet = MultiGauge.builder("gateway.insights.unmet.demand")
			.description("Fields withheld and requests refused, by role, purpose and source, over the window")
			.register(meters);
		this.unused = MultiGauge.builder("gateway.insights.unused.grant.fields")
			.description("Fields a grant opens that nobody was shown lately")
			.register(meters);
		this.requests = MultiGauge.builder("gateway.insights.requests")
			.description("Access requests filed over the window, by status")
			.register(meters);
	}

	void update() {
		LocalDate to = this.insights.today();
		LocalDate from = to.minusDays(Math.max(0, this.properties.window().toDays() - 1));
		CompiledPolicy known = this.policy.current().compiled();
		Map<Tags, Long> sharedRows = new LinkedHashMap<>();
		for (Insights.Sharing row : this.insights.sharing(from, to, Insights.Grain.DAY)) {
			Tags departments = Tags.of("requester_department", department(known, row.requesterDepartment()),
					"source_department", department(known, row.sourceDepartment()));
			sharedRows.merge(departments.and("view", "disclosed"), row.disclosed(), Long::sum);
			sharedRows.merge(departments.and("view", "masked"), row.masked(), Long::sum);
			sharedRows.merge(departments.and("view", "withheld"), row.withheld(), Long::sum);
		}
		this.shared.register(rows(sharedRows), true);
		Map<Tags, Long> unmetRows = new LinkedHashMap<>();
		this.insights.unmetDemand(from, to)
			.forEach((row) -> unmetRows.merge(Tags.of("role",
					(known.departmentOf(row.role()) != null) ? row.role() : OTHER, "purpose",
					known.knowsPurpose(row.purpose()) ? row.purpose() : OTHER, "source", source(known, row.source())),
					row.withheld() + row.denied(), Long::sum));
		this.unmet.register(rows(unmetRows), true);
		Map<Tags, Long> unusedRows = new LinkedHashMap<>();
		this.insights.unusedGrants()
			.forEach((row) -> unusedRows.merge(
					Tags.of("grant", row.grant() + ":" + source(known, row.source()), "kind", row.kind()),
					(long) row.unused().size(), Long::sum));
		this.unused.register(rows(unusedRows), true);
		Insights.Funnel funnel = this.insights.funnel(from, to);
		Map<Tags, Long> funnelRows = new LinkedHashMap<>();
		funnelRows.put(Tags.of("status", "requested"), funnel.requested());
		funnelRows.put(Tags.of("status", "pending"), funnel.pending());
		funnelRows.put(Tags.of("status", "approved"), funnel.approved());
		funnelRows.put(Tags.of("status", "rejected"), funnel.rejected());
		funnelRows.put(Tags.of("status", "promoted"), funnel.promoted());
		funnelRows.put(Tags.of("status", "expired"), funnel.expired());
		this.requests.register(rows(funnelRows), true);
	}

	private static String department(CompiledPolicy known, String department) {
		return known.knowsDepartment(department) ? department : OTHER;
	}

	private static String source(CompiledPolicy known, String source) {
		return known.knowsSource(source) ? source : OTHER;
	}

	private static List<MultiGauge.Row<?>> rows(Map<Tags, Long> values) {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value)));
		return rows;
	}

}
