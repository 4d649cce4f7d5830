package io.customerdata.gateway.insights;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.customerdata.gateway.export.CsvRows;
import io.customerdata.gateway.policyadmin.PolicyDrafts;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.SubjectAuthentication;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/insights}: what departments share and need, for security officers (as all
 * of {@code /admin/**}). The page's JSON, each part as CSV, a roll-up on demand, and the
 * one-click draft that takes a grant's unused fields out of it.
 */
@RestController
@RequestMapping("/admin/insights")
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
class InsightsController {

	/** The longest period one answer covers. */
	static final int MAX_DAYS = 400;

	private final Insights insights;

	private final InsightAggregator aggregator;

	private final PolicyDrafts drafts;

	private final InsightsProperties properties;

	private final JsonMapper json;

	private final CsvRows csv = new CsvRows();

	InsightsController(Insights insights, InsightAggregator aggregator, PolicyDrafts drafts,
			InsightsProperties properties, JsonMapper json) {
		this.insights = insights;
		this.aggregator = aggregator;
		this.drafts = drafts;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Every part, over {@code from}…{@code to} (ISO dates, UTC; the window by default).
	 */
	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> page(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam(defaultValue = "day") String grain) {
		return blocking(() -> {
			Period period = period(from, to);
			Insights.Grain by = grain(grain);
			ObjectNode page = this.json.createObjectNode();
			page.put("from", period.from().toString()).put("to", period.to().toString()).put("grain", grain);
			page.put("rolled_up_at", String.valueOf(this.insights.rolledUpAt()));
			page.put("unused_after_days", this.properties.unusedAfter().toDays());
			page.set("sharing", this.json.valueToTree(this.insights.sharing(period.from(), period.to(), by)));
			page.set("unmet_demand", this.json.valueToTree(this.insights.unmetDemand(period.from(), period.to())));
			page.set("unused_grants", this.json.valueToTree(this.insights.unusedGrants()));
			page.set("funnel", this.json.valueToTree(this.insights.funnel(period.from(), period.to())));
			return page;
		});
	}

	/** One part as CSV: sharing, unmet-demand, unused-grants or funnel. */
	@GetMapping(path = "/{part:sharing|unmet-demand|unused-grants|funnel}.csv")
	Mono<ResponseEntity<String>> csv(@PathVariable String part, @RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam(defaultValue = "day") String grain) {
		return blocking(() -> {
			Period period = period(from, to);
			List<List<Object>> rows = new ArrayList<>();
			switch (part) {
				case "sharing" -> {
					rows.add(List.of("period", "requester_department", "source_department", "disclosures", "disclosed",
							"masked", "withheld"));
					this.insights.sharing(period.from(), period.to(), grain(grain))
						.forEach((r) -> rows.add(List.of(r.period(), r.requesterDepartment(), r.sourceDepartment(),
								r.disclosures(), r.disclosed(), r.masked(), r.withheld())));
				}
				case "unmet-demand" -> {
					rows.add(List.of("rank", "role", "purpose", "source", "field", "withheld", "denied", "requests"));
					this.insights.unmetDemand(period.from(), period.to())
						.forEach((r) -> rows.add(List.of(r.rank(), r.role(), r.purpose(), r.source(), r.field(),
								r.withheld(), r.denied(), String.join(" ",
										r.requests().stream().map((led) -> led.id() + ":" + led.status()).toList()))));
				}
				case "unused-grants" -> {
					rows.add(List.of("kind", "grant", "holders", "source", "purposes", "unused", "since"));
					this.insights.unusedGrants()
						.forEach((r) -> rows.add(List.of(r.kind(), r.grant(), String.join(" ", r.holders()), r.source(),
								String.join(" ", r.purposes()), String.join(" ", r.unused()), r.since())));
				}
				default -> {
					Insights.Funnel f = this.insights.funnel(period.from(), period.to());
					rows.add(List.of("requested", "pending", "approved", "rejected", "promoted", "expired", "revoked",
							"median_time_to_decision"));
					rows.add(List.of(f.requested(), f.pending(), f.approved(), f.rejected(), f.promoted(), f.expired(),
							f.revoked(), (f.medianTimeToDecision() != null) ? f.medianTimeToDecision() : ""));
				}
			}
			StringBuilder text = new StringBuilder();
			for (List<Object> row : rows) {
				text.append(this.csv.row(row));
			}
			return ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("text/csv"))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"insights-" + part + ".csv\"")
				.body(text.toString());
		});
	}

	/** Rolls up now what is due, instead of at the next interval. */
	@PostMapping(path = "/refresh", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> refresh() {
		return blocking(() -> this.json.createObjectNode().put("days_rolled_up", this.aggregator.refresh()));
	}

	/**
	 * A draft of the version in force without the fields of a role-wide grant nobody was
	 * shown lately; it goes through four eyes as every draft.
	 */
	@PostMapping(path = "/unused-grants/{grant}/draft", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ObjectNode>> draft(@PathVariable String grant, Authentication authentication) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			return Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject."));
		}
		return blocking(() -> {
			Insights.Unused unused = this.insights.unusedGrants()
				.stream()
				.filter((row) -> row.kind().equals("role-wide") && row.grant().equals(grant))
				.findFirst()
				.orElseThrow(() -> GatewayProblem.of(ProblemType.NOT_FOUND,
						"Grant " + grant + " has no unused fields in force (or is no role-wide grant)."));
			PolicyDrafts.Drafted drafted = this.drafts.withoutFields(subject.subject().username(), grant,
					unused.unused(), unused.opens(), "least privilege: " + String.join(", ", unused.unused())
							+ " not shown to anyone in " + this.properties.unusedAfter().toDays() + " days");
			return ResponseEntity.status(HttpStatus.CREATED)
				.header(HttpHeaders.LOCATION, "/admin/policies/" + drafted.id())
				.body(this.json.createObjectNode().put("id", drafted.id()).put("version", drafted.version()));
		});
	}

	private record Period(LocalDate from, LocalDate to) {
	}

	private Period period(@Nullable String from, @Nullable String to) {
		try {
			LocalDate end = (to != null) ? LocalDate.parse(to) : this.insights.today();
			LocalDate start = (from != null) ? LocalDate.parse(from)
					: end.minusDays(Math.max(0, this.properties.window().toDays() - 1));
			if (start.isAfter(end) || start.plusDays(MAX_DAYS).isBefore(end)) {
				throw GatewayProblem.badRequest("from is on or before to, and at most " + MAX_DAYS + " days before.");
			}
			return new Period(start, end);
		}
		catch (DateTimeParseException ex) {
			throw GatewayProblem.badRequest("from and to are ISO dates: 2026-12-01.");
		}
	}

	private static Insights.Grain grain(String grain) {
		try {
			return Insights.Grain.valueOf(grain.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw GatewayProblem.badRequest("grain is day or week.");
		}
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

}
