package io.customerdata.gateway.insights;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import io.customerdata.gateway.access.AccessRequest;
import io.customerdata.gateway.access.AccessRequests;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.PolicyDocument;
import io.customerdata.gateway.policy.PolicyStore;
import org.jspecify.annotations.Nullable;

/**
 * The four parts of the insights, from the roll-ups and the access requests: never from
 * the audit trail itself, but for the few events of subjects holding a personal grant.
 * Blocking: called on bounded-elastic workers.
 */
final class Insights {

	private final InsightRepository repository;

	private final AccessRequests requests;

	private final PolicyStore policy;

	private final InsightsProperties properties;

	private final Clock clock;

	Insights(InsightRepository repository, AccessRequests requests, PolicyStore policy, InsightsProperties properties,
			Clock clock) {
		this.repository = repository;
		this.requests = requests;
		this.policy = policy;
		this.properties = properties;
		this.clock = clock;
	}

	enum Grain {

		DAY, WEEK

	}

	/** Requesting department × source department, per day or per week (from Monday). */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Sharing(LocalDate period, String requesterDepartment, String sourceDepartment, long disclosures,
			long disclosed, long masked, long withheld) {
	}

	/** An access request a withheld field led to. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Led(String id, String status) {
	}

	/** What was withheld or denied, ranked by how often. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Demand(int rank, String role, String purpose, String source, String field, long withheld, long denied,
			List<Led> requests) {
	}

	/**
	 * A grant and the fields it opens that nobody was shown since {@code since}: a
	 * least-privilege recommendation.
	 *
	 * @param kind {@code role-wide} or {@code personal}
	 * @param holders the roles of a role-wide grant, the user of a personal one
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Unused(String kind, String grant, List<String> holders, String source, List<String> purposes,
			List<String> opens, List<String> unused, Instant since) {
	}

	/**
	 * The access requests filed in the period, by how they ended so far: approved counts
	 * grants revoked since, which {@code revoked} counts again.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Funnel(long requested, long pending, long approved, long rejected, long promoted, long expired, long revoked,
			@Nullable String medianTimeToDecision) {
	}

	LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	List<Sharing> sharing(LocalDate from, LocalDate to, Grain grain) {
		CompiledPolicy compiled = this.policy.current().compiled();
		Map<List<Object>, long[]> totals = new LinkedHashMap<>();
		for (InsightRepository.Shared row : this.repository.sharing(from, to)) {
			LocalDate period = (grain == Grain.WEEK)
					? row.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : row.day();
			String sourceDepartment = compiled.departmentOfSource(row.source());
			long[] sums = totals.computeIfAbsent(List.of(period, row.requesterDepartment(),
					(sourceDepartment != null) ? sourceDepartment : DailyRollup.UNKNOWN), (key) -> new long[4]);
			sums[0] += row.disclosures();
			sums[1] += row.disclosed();
			sums[2] += row.masked();
			sums[3] += row.withheld();
		}
		List<Sharing> rows = new ArrayList<>();
		totals.forEach((key, sums) -> rows.add(new Sharing((LocalDate) key.get(0), (String) key.get(1),
				(String) key.get(2), sums[0], sums[1], sums[2], sums[3])));
		return rows;
	}

	List<Demand> unmetDemand(LocalDate from, LocalDate to) {
		List<AccessRequest> filed = this.requests.filedBetween(start(from), start(to.plusDays(1)));
		List<Demand> rows = new ArrayList<>();
		for (InsightRepository.Unmet unmet : this.repository.unmet(from, to)) {
			List<Led> led = filed.stream()
				.filter((request) -> request.requester().roles().contains(unmet.role())
						&& request.purpose().equals(unmet.purpose()) && asksFor(request, unmet.source(), unmet.field()))
				.map((request) -> new Led(request.id(), request.status().code()))
				.toList();
			rows.add(new Demand(rows.size() + 1, unmet.role(), unmet.purpose(), unmet.source(), unmet.field(),
					unmet.withheld(), unmet.denied(), led));
		}
		return rows;
	}

	List<Unused> unusedGrants() {
		Instant since = this.clock.instant().minus(this.properties.unusedAfter());
		CompiledPolicy compiled = this.policy.current().compiled();
		Set<InsightRepository.Shown> shown = new HashSet<>(
				this.repository.shown(LocalDate.ofInstant(since, ZoneOffset.UTC)));
		List<Unused> rows = new ArrayList<>();
		for (PolicyDocument.Grant grant : compiled.grants()) {
			List<String> opens = compiled.fieldsOpenedBy(grant);
			List<String> unused = opens.stream()
				.filter((field) -> grant.roles()
					.stream()
					.noneMatch((role) -> grant.purposes()
						.stream()
						.anyMatch((purpose) -> shown
							.contains(new InsightRepository.Shown(role, purpose, grant.source(), field)))))
				.toList();
			if (!unused.isEmpty()) {
				rows.add(new Unused("role-wide", grant.id(), grant.roles(), grant.source(), grant.purposes(), opens,
						unused, since));
			}
		}
		for (AccessRequest request : this.requests.grantsInForce()) {
			rows.addAll(unusedPersonal(compiled, request));
		}
		return rows;
	}

	Funnel funnel(LocalDate from, LocalDate to) {
		Map<AccessRequest.Status, Long> counts = new LinkedHashMap<>();
		List<Duration> toDecision = new ArrayList<>();
		List<AccessRequest> filed = this.requests.filedBetween(start(from), start(to.plusDays(1)));
		for (AccessRequest request : filed) {
			counts.merge(request.status(), 1L, Long::sum);
			if (request.decidedBy() != null && request.decidedAt() != null) {
				toDecision.add(Duration.between(request.createdAt(), request.decidedAt()));
			}
		}
		toDecision.sort(null);
		String median = toDecision.isEmpty() ? null : median(toDecision).toString();
		return new Funnel(filed.size(), count(counts, AccessRequest.Status.PENDING),
				count(counts, AccessRequest.Status.APPROVED) + count(counts, AccessRequest.Status.REVOKED),
				count(counts, AccessRequest.Status.REJECTED), count(counts, AccessRequest.Status.PROMOTED),
				count(counts, AccessRequest.Status.EXPIRED), count(counts, AccessRequest.Status.REVOKED), median);
	}

	@Nullable Instant rolledUpAt() {
		return this.repository.lastRolledUp().orElse(null);
	}

	/**
	 * A personal grant's fields the grantee was not shown since its approval, per source:
	 * read from their own latest events, which are few.
	 */
	private List<Unused> unusedPersonal(CompiledPolicy compiled, AccessRequest request) {
		Instant approved = java.util.Objects.requireNonNull(request.decidedAt(), "a grant in force was approved");
		DailyRollup theirs = new DailyRollup(compiled);
		this.repository.eventsOf(request.requester().username(), approved, this.properties.personalGrantEvents())
			.forEach(theirs::add);
		Set<String> seen = new HashSet<>();
		theirs.fields()
			.stream()
			.filter((row) -> row.purpose().equals(request.purpose()) && (row.disclosed() + row.masked()) > 0)
			.forEach((row) -> seen.add(row.source() + ":" + row.field()));
		List<Unused> rows = new ArrayList<>();
		request.fieldsBySource().forEach((source, listed) -> {
			List<String> opens = listed.isEmpty() ? List.copyOf(compiled.fieldsOf(source)) : listed;
			List<String> unused = opens.stream().filter((field) -> !seen.contains(source + ":" + field)).toList();
			if (!unused.isEmpty()) {
				rows.add(new Unused("personal", request.id(), List.of(request.requester().username()), source,
						List.of(request.purpose()), opens, unused, approved));
			}
		});
		return rows;
	}

	/** Whether a request asks for the field, or, for a refusal whole, for anything. */
	private static boolean asksFor(AccessRequest request, String source, String field) {
		if (source.equals(DailyRollup.ANY)) {
			return true;
		}
		return request.fields().contains(source) || request.fields().contains(source + ":" + field)
				|| (field.equals(DailyRollup.ANY) && request.fields().stream().anyMatch((f) -> f.startsWith(source)));
	}

	private static long count(Map<AccessRequest.Status, Long> counts, AccessRequest.Status status) {
		return counts.getOrDefault(status, 0L);
	}

	private static Duration median(List<Duration> sorted) {
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle)
				: sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
	}

	private static Instant start(LocalDate day) {
		return day.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
