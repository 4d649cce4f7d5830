package io.customerdata.gateway.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

import io.customerdata.gateway.problem.GatewayProblem;

/**
 * Canonical request paths, so that no spelling of a path reaches a route around the rule
 * that guards it. Dot segments are resolved (encoded ones too), repeated slashes
 * collapse; what cannot be made unambiguous (encoded slashes or backslashes, path
 * parameters, encoded percent signs, control characters, a climb above the root) is
 * refused.
 */
final class PathNormalizer {

	private static final Pattern ENCODED_DOT = Pattern.compile("%2[eE]");

	private static final Pattern AMBIGUOUS = Pattern.compile("(?i)%2f|%5c|%25|%00|%3b|\\\\|;|[\\x00-\\x1f\\x7f]");

	private PathNormalizer() {
	}

	/** The canonical form of a raw (still percent-encoded) path. */
	static String normalize(String rawPath) {
		if (AMBIGUOUS.matcher(rawPath).find()) {
			throw GatewayProblem.badRequest("The request path contains characters the gateway does not accept.");
		}
		String decodedDots = ENCODED_DOT.matcher(rawPath).replaceAll(".");
		Deque<String> segments = new ArrayDeque<>();
		for (String segment : decodedDots.split("/")) {
			if (segment.isEmpty() || segment.equals(".")) {
				continue;
			}
			if (segment.equals("..")) {
				if (segments.pollLast() == null) {
					throw GatewayProblem.badRequest("The request path climbs above the root.");
				}
				continue;
			}
			segments.addLast(segment);
		}
		String path = "/" + String.join("/", segments);
		return (decodedDots.endsWith("/") && !segments.isEmpty()) ? path + "/" : path;
	}

}
