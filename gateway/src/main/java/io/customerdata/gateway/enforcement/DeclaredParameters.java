package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePassThrough.ParameterKind;
import io.customerdata.gateway.sources.SourcePassThrough;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters one pass-through operation accepts. A parameter the operation does
 * not declare is refused: the gateway cannot tell what it would do. A filter or a search
 * is admitted only from a caller who sees every field it matches on as it is: whether a
 * record comes back for {@code ?email=victim@example.com} would otherwise tell the caller
 * a value shown to them masked. The caller's best-case decision is the most they may see
 * of any customer, so a field it does not allow is allowed on no record.
 */
final class DeclaredParameters {

	private final String source;

	private final String operation;

	private final Map<String, SourcePassThrough.Parameter> parameters;

	/** A query endpoint's own parameter, which its query checks as a whole. */
	private final @Nullable String queryParameter;

	private final SourcePathView paths;

	/**
	 * @param key the operation's configuration key, for what stops the start
	 * @param queryParameter the query endpoint's own parameter, if it is one
	 * @param mappedPaths the source paths the mapping reads, with their canonical fields
	 * @throws IllegalStateException for a filter or search without paths, paging or a
	 * selection with paths, or the query endpoint's own parameter declared again
	 */
	DeclaredParameters(String source, String operation, String key, Map<String, SourcePassThrough.Parameter> parameters,
			@Nullable String queryParameter, Map<String, List<String>> mappedPaths) {
		parameters.forEach((name, parameter) -> {
			boolean matches = parameter.kind() == ParameterKind.FILTER || parameter.kind() == ParameterKind.SEARCH;
			if (matches == parameter.paths().isEmpty()) {
				throw new IllegalStateException(
						key + ".parameters." + name + ": "
								+ (matches
										? "a " + parameter.kind().name().toLowerCase(Locale.ROOT)
												+ " names the paths it matches on"
										: "only a filter or a search names paths"));
			}
			if (name.equals(queryParameter)) {
				throw new IllegalStateException(key + ".parameters." + name
						+ ": the query endpoint's own parameter is checked as a query, not declared again");
			}
		});
		this.source = source;
		this.operation = operation;
		this.parameters = Map.copyOf(parameters);
		this.queryParameter = queryParameter;
		this.paths = new SourcePathView(source, mappedPaths);
	}

	/**
	 * Why the request's parameters are refused, if they are.
	 * @param bestCase the caller's best-case decision
	 * @return {@code operation-not-allowed} naming the first parameter not declared, or
	 * the first filter or search on a field the caller does not see as it is;
	 * {@code query-not-supported} for a query string not validly encoded
	 */
	Optional<GatewayProblem> refusal(URI uri, Decision bestCase) {
		String rawQuery = uri.getRawQuery();
		if (rawQuery == null) {
			return Optional.empty();
		}
		Map<String, String> view = null;
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String name = decode(pair.split("=", 2)[0]);
			if (name == null) {
				return Optional
					.of(GatewayProblem.of(ProblemType.QUERY_NOT_SUPPORTED, "The query string is not validly encoded."));
			}
			if (name.equals(this.queryParameter)) {
				continue;
			}
			SourcePassThrough.Parameter parameter = this.parameters.get(name);
			if (parameter == null) {
				return Optional.of(GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED, "The operation '"
						+ this.operation + "' of source '" + this.source + "' takes no parameter '" + name + "'."));
			}
			if (view == null) {
				view = this.paths.of(bestCase.sources().getOrDefault(this.source, Map.of()));
			}
			for (String path : parameter.paths()) {
				String fieldView = view.getOrDefault(path, view.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY));
				if (!fieldView.equals(Decision.ALLOW)) {
					return Optional.of(GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED, "The parameter '" + name
							+ "' of source '" + this.source + "' "
							+ ((parameter.kind() == ParameterKind.SEARCH) ? "searches " : "filters on ") + path
							+ ", which you do not see as it is: whether a record comes back would tell its value."));
				}
			}
		}
		return Optional.empty();
	}

	/** As the department reads a query string (a {@code +} is a space). */
	private static @Nullable String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
