package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

import io.customerdata.gateway.sources.FederationProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;

/**
 * The request for the page after an answer, as the source paginates: a next-page URL in
 * the answer (followed only on the host the page came from, so an answer can never send
 * the gateway's credentials elsewhere), or a cursor sent back in the body or query.
 */
final class Pages {

	private Pages() {
	}

	/** The next request: a rendered one, or a URL to GET as it is. */
	record Next(RequestTemplate.Rendered request, @Nullable URI absolute) {
	}

	static Optional<Next> next(FederationProperties.Pagination pagination, RequestTemplate.Rendered request,
			JsonNode answer, URI base) {
		if (pagination.style() == FederationProperties.PaginationStyle.NONE || pagination.next() == null) {
			return Optional.empty();
		}
		if (pagination.hasMore() != null && !at(answer, pagination.hasMore()).asBoolean(false)) {
			return Optional.empty();
		}
		JsonNode next = at(answer, pagination.next());
		if (!next.isValueNode() || next.isNull() || next.asString("").isBlank()) {
			return Optional.empty();
		}
		return switch (pagination.style()) {
			case NEXT_URL -> sameOrigin(base, next.asString())
				.map((uri) -> new Next(new RequestTemplate.Rendered(HttpMethod.GET, "", null, request.headers()), uri));
			case CURSOR -> Optional.of(new Next(withCursor(request, pagination.cursorParam(), next.asString()), null));
			case NONE -> Optional.empty();
		};
	}

	/** The link resolved against the base, if it stays on the base's host. */
	static Optional<URI> sameOrigin(URI base, String link) {
		try {
			URI next = base.resolve(link);
			boolean same = Objects.equals(next.getScheme(), base.getScheme())
					&& Objects.equals(next.getHost(), base.getHost()) && port(next) == port(base);
			return same ? Optional.of(next) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
	}

	private static RequestTemplate.Rendered withCursor(RequestTemplate.Rendered request, String param, String cursor) {
		if (request.body() instanceof ObjectNode body) {
			ObjectNode paged = body.deepCopy();
			paged.put(param, cursor);
			return new RequestTemplate.Rendered(request.method(), request.pathAndQuery(), paged, request.headers());
		}
		String pathAndQuery = request.pathAndQuery()
			.replaceAll("([?&])" + java.util.regex.Pattern.quote(param) + "=[^&]*&?", "$1")
			.replaceAll("[?&]$", "");
		String separator = pathAndQuery.contains("?") ? "&" : "?";
		return new RequestTemplate.Rendered(request.method(),
				pathAndQuery + separator + param + "=" + Escapers.urlComponent(cursor), null, request.headers());
	}

	/** A dotted path into an answer ({@code paging.next.after}). */
	static JsonNode at(JsonNode node, String path) {
		JsonNode current = node;
		for (String segment : path.split("\\.")) {
			current = current.path(segment);
		}
		return current;
	}

}
