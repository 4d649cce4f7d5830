package io.customerdata.gateway.sources.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.customerdata.gateway.sources.FederationProperties.EndpointBudget;
import io.customerdata.gateway.sources.FederationProperties;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The sources' endpoint budgets ({@code throttling.endpoints}): one request budget and
 * one throttle per budget, or per shared name, so that sources on one vendor account
 * spend one budget and a throttling answer to one pauses all.
 */
final class EndpointBudgets {

	/** One endpoint budget as a source applies it. */
	record Limit(List<PathPattern> paths, RequestBudget budget, Throttle throttle) {

		boolean covers(String path) {
			PathContainer container = PathContainer.parsePath(path);
			return this.paths.stream().anyMatch((pattern) -> pattern.matches(container));
		}

	}

	private record Shared(RequestBudget budget, Throttle throttle) {
	}

	private final Map<String, List<Limit>> bySource = new LinkedHashMap<>();

	EndpointBudgets(Map<String, FederationProperties.Source> sources, Clock clock) {
		Map<String, List<EndpointBudget>> byKey = new LinkedHashMap<>();
		sources.forEach((id, source) -> source.throttling()
			.endpoints()
			.forEach((name, endpoint) -> byKey.computeIfAbsent(key(id, name, endpoint), (k) -> new ArrayList<>())
				.add(endpoint)));
		Map<String, Shared> shared = new LinkedHashMap<>();
		byKey.forEach((key, budgets) -> {
			EndpointBudget strictest = strictest(budgets);
			shared.put(key,
					new Shared(
							new RequestBudget(key,
									new FederationProperties.Throttling(strictest.requestsPerSecond(), 0,
											strictest.maxWait(), strictest.defaultPause(), Map.of())),
							new Throttle(strictest.defaultPause(), clock)));
		});
		sources.forEach((id, source) -> source.throttling().endpoints().forEach((name, endpoint) -> {
			Shared one = shared.get(key(id, name, endpoint));
			this.bySource.computeIfAbsent(id, (k) -> new ArrayList<>())
				.add(new Limit(endpoint.paths().stream().map(PathPatternParser.defaultInstance::parse).toList(),
						one.budget(), one.throttle()));
		}));
	}

	/** The endpoint budget a request to this path of the source spends, if any. */
	Optional<Limit> of(String source, String path) {
		return this.bySource.getOrDefault(source, List.of()).stream().filter((limit) -> limit.covers(path)).findFirst();
	}

	private static String key(String source, String name, EndpointBudget budget) {
		return (budget.sharedAs() != null) ? "shared:" + budget.sharedAs() : source + ":" + name;
	}

	/**
	 * Budgets that disagree about one account: the lowest rate (0 is none), the shortest
	 * wait, the longest pause.
	 */
	private static EndpointBudget strictest(List<EndpointBudget> budgets) {
		double rate = budgets.stream()
			.mapToDouble(EndpointBudget::requestsPerSecond)
			.filter((r) -> r > 0)
			.min()
			.orElse(0);
		Duration wait = budgets.stream().map(EndpointBudget::maxWait).min(Duration::compareTo).orElseThrow();
		Duration pause = budgets.stream().map(EndpointBudget::defaultPause).max(Duration::compareTo).orElseThrow();
		return new EndpointBudget(budgets.get(0).paths(), rate, budgets.get(0).sharedAs(), wait, pause);
	}

}
