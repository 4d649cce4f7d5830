package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePassThrough;
import io.customerdata.gateway.sources.SourceShape;
import io.customerdata.gateway.sources.SourceShapes;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The operations each source's pass-through route allows
 * ({@code gateway.federation.sources.<id>.pass-through.operations}), compiled and checked
 * at start: a pattern that does not parse, or a query endpoint whose records could not be
 * decided on, stops the gateway rather than leave a route open or shut by surprise. A
 * request that matches none, or whose query parameters the operation does not take from
 * its caller ({@link DeclaredParameters}), is refused before it leaves.
 */
@Component
final class PassThroughOperations {

	/** Paths are matched as sent: encoded characters are not decoded into a match. */
	private static final PathContainer.Options AS_SENT = PathContainer.Options.create('/', false);

	private final Map<String, List<Allowed>> bySource;

	PassThroughOperations(FederationProperties federation, SourceShapes shapes) {
		Map<String, List<Allowed>> bySource = new LinkedHashMap<>();
		federation.sources().forEach((id, source) -> {
			List<String> decisionPaths = shapes.get(id).map(SourceShape::decisionPaths).orElse(List.of());
			Map<String, List<String>> mappedPaths = shapes.get(id)
				.map(SourceShape::canonicalFieldsBySourcePath)
				.orElse(Map.of());
			bySource.put(id,
					source.passThrough()
						.operations()
						.entrySet()
						.stream()
						.map((operation) -> Allowed.of(id, operation.getKey(), operation.getValue(),
								(source.recordId() != null) ? decisionPaths : null, mappedPaths))
						.toList());
		});
		this.bySource = Map.copyOf(bySource);
	}

	/**
	 * The request URI to send for an allowed operation: as it came, or with its query
	 * rewritten to select what the decision needs.
	 * @param path the path below the source's base URL, as sent
	 * @param bestCase the caller's best-case decision, which a query's conditions must
	 * allow
	 * @throws GatewayProblem {@code operation-not-allowed} for an operation the source
	 * does not declare, a query parameter it does not take, or a filter or search on a
	 * field the caller does not see as it is; for a query endpoint, as
	 * {@link QueryEndpoint#admit} does
	 */
	URI admit(String source, HttpMethod method, String path, URI uri, Decision bestCase) {
		PathContainer container = PathContainer.parsePath(path, AS_SENT);
		List<Allowed> matching = this.bySource.getOrDefault(source, List.of())
			.stream()
			.filter((allowed) -> allowed.matches(method, container))
			.toList();
		if (matching.isEmpty()) {
			throw GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED, "Source '" + source + "' allows no "
					+ method.name() + " of this path through the pass-through route.");
		}
		// Where a query endpoint matches, its rules apply, whatever else matches too.
		Optional<Allowed> query = matching.stream().filter((allowed) -> allowed.query() != null).findFirst();
		if (query.isPresent()) {
			Optional<GatewayProblem> refused = query.get().parameters().refusal(uri, bestCase);
			if (refused.isPresent()) {
				throw refused.get();
			}
			return Objects.requireNonNull(query.get().query()).admit(uri, bestCase);
		}
		// Otherwise the request is one of the operations that match, if one takes its
		// parameters; if none does, the most specific says why.
		List<Optional<GatewayProblem>> refusals = matching.stream()
			.sorted(Comparator.comparing(Allowed::path, PathPattern.SPECIFICITY_COMPARATOR))
			.map((allowed) -> allowed.parameters().refusal(uri, bestCase))
			.toList();
		if (refusals.stream().anyMatch(Optional::isEmpty)) {
			return uri;
		}
		throw refusals.get(0).orElseThrow();
	}

	/** One declared operation, compiled. */
	private record Allowed(HttpMethod method, PathPattern path, @Nullable QueryEndpoint query,
			DeclaredParameters parameters) {

		/**
		 * @param decisionPaths what a decision on one of the source's records reads;
		 * {@code null} where its records have no id to be told apart by
		 * @param mappedPaths the source paths its mapping reads, with their canonical
		 * fields
		 */
		static Allowed of(String source, String name, SourcePassThrough.Operation operation,
				@Nullable List<String> decisionPaths, Map<String, List<String>> mappedPaths) {
			String key = "gateway.federation.sources." + source + ".pass-through.operations." + name;
			PathPattern pattern;
			try {
				pattern = PathPatternParser.defaultInstance.parse(operation.path());
			}
			catch (PatternParseException ex) {
				throw new IllegalStateException(
						key + ".path '" + operation.path() + "' is no path pattern: " + ex.toDetailedString(), ex);
			}
			QueryEndpoint query = null;
			SourcePassThrough.Query queried = operation.query();
			if (queried != null) {
				if (!operation.method().equals("GET")) {
					throw new IllegalStateException(key + ": a query endpoint is read with GET");
				}
				if (decisionPaths == null) {
					throw new IllegalStateException(
							key + ": a query endpoint needs the source's record-id to decide on each record");
				}
				query = new QueryEndpoint(source, queried, decisionPaths, mappedPaths);
			}
			return new Allowed(HttpMethod.valueOf(operation.method()), pattern, query, new DeclaredParameters(source,
					name, key, operation.parameters(), (queried != null) ? queried.parameter() : null, mappedPaths));
		}

		boolean matches(HttpMethod requested, PathContainer container) {
			return requested.equals(this.method) && this.path.matches(container);
		}

	}

}
