package io.customerdata.gateway.sources.connector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriUtils;

/**
 * One request to a source, as a lookup configures it: method, path and query, JSON body,
 * headers, each with placeholders ({@code {value}}, {@code {id}}, optionally filtered:
 * {@code {value|soql}}). Parsed once at start-up. A placeholder's value is escaped for
 * where it lands: percent-encoded in the path and query, a JSON string in the body (the
 * body is a parsed template whose strings alone are filled in, so its structure is fixed
 * before any value is seen), control characters removed in a header.
 */
public final class RequestTemplate {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:\\|([\\w-]+))?}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpMethod method;

	private final Text pathAndQuery;

	private final @Nullable JsonNode body;

	private final Map<String, Text> headers;

	/** A rendered request: path and query already encoded, the body as JSON. */
	public record Rendered(HttpMethod method, String pathAndQuery, @Nullable JsonNode body,
			Map<String, String> headers) {
	}

	public RequestTemplate(String method, String pathAndQuery, @Nullable String body, Map<String, String> headers) {
		this.method = HttpMethod.valueOf(method);
		this.pathAndQuery = Text.parse(pathAndQuery).urlEncodedLiterals();
		this.body = (body != null) ? parseBody(body) : null;
		Map<String, Text> parsed = new LinkedHashMap<>();
		headers.forEach((name, value) -> parsed.put(name, Text.parse(value)));
		this.headers = Map.copyOf(parsed);
	}

	public Rendered render(Map<String, String> values) {
		Map<String, String> rendered = new LinkedHashMap<>();
		this.headers.forEach((name, text) -> rendered.put(name, text.render(values, Escapers::headerValue)));
		return new Rendered(this.method, this.pathAndQuery.render(values, Escapers::urlComponent),
				(this.body != null) ? fill(this.body, values) : null, rendered);
	}

	private static JsonNode parseBody(String body) {
		JsonNode tree = JSON.readTree(body);
		checkPlaceholdersOnlyInStrings(tree, body);
		return tree;
	}

	private static void checkPlaceholdersOnlyInStrings(JsonNode node, String body) {
		node.propertyNames().forEach((name) -> {
			if (PLACEHOLDER.matcher(name).find()) {
				throw new IllegalArgumentException("a placeholder may stand only in a JSON string value: " + body);
			}
		});
		node.forEach((child) -> checkPlaceholdersOnlyInStrings(child, body));
	}

	private static JsonNode fill(JsonNode node, Map<String, String> values) {
		if (node.isString()) {
			return StringNode.valueOf(Text.parse(node.asString()).render(values, UnaryOperator.identity()));
		}
		if (node.isObject()) {
			ObjectNode out = JSON.createObjectNode();
			node.properties().forEach((entry) -> out.set(entry.getKey(), fill(entry.getValue(), values)));
			return out;
		}
		if (node.isArray()) {
			ArrayNode out = JSON.createArrayNode();
			node.forEach((element) -> out.add(fill(element, values)));
			return out;
		}
		return node;
	}

	/** Literal parts and placeholders, in order. */
	private record Text(List<Object> parts) {

		private record Placeholder(String name, UnaryOperator<String> filter) {
		}

		static Text parse(String template) {
			List<Object> parts = new ArrayList<>();
			Matcher matcher = PLACEHOLDER.matcher(template);
			int last = 0;
			while (matcher.find()) {
				parts.add(template.substring(last, matcher.start()));
				parts.add(new Placeholder(matcher.group(1),
						(matcher.group(2) != null) ? Escapers.filter(matcher.group(2)) : UnaryOperator.identity()));
				last = matcher.end();
			}
			parts.add(template.substring(last));
			return new Text(List.copyOf(parts));
		}

		/**
		 * The literal parts written as they read ({@code WHERE Email = '…'}), encoded as
		 * a URL's path and query: '/' and '?' keep their meaning, and so do '&' and the
		 * first '=' of each query parameter; any other '=' is part of a value.
		 */
		Text urlEncodedLiterals() {
			List<Object> encoded = new ArrayList<>();
			boolean inQuery = false;
			boolean inValue = false;
			for (Object part : this.parts) {
				if (!(part instanceof String literal)) {
					encoded.add(part);
					continue;
				}
				StringBuilder out = new StringBuilder();
				int start = 0;
				if (!inQuery) {
					int question = literal.indexOf('?');
					if (question < 0) {
						encoded.add(UriUtils.encodePath(literal, StandardCharsets.UTF_8));
						continue;
					}
					out.append(UriUtils.encodePath(literal.substring(0, question), StandardCharsets.UTF_8)).append('?');
					start = question + 1;
					inQuery = true;
				}
				for (int i = start; i < literal.length(); i++) {
					char c = literal.charAt(i);
					if (c == '&' || (c == '=' && !inValue)) {
						out.append(c);
						inValue = (c == '=');
					}
					else {
						out.append(UriUtils.encodeQueryParam(String.valueOf(c), StandardCharsets.UTF_8));
					}
				}
				encoded.add(out.toString());
			}
			return new Text(List.copyOf(encoded));
		}

		String render(Map<String, String> values, UnaryOperator<String> landing) {
			StringBuilder out = new StringBuilder();
			for (Object part : this.parts) {
				if (part instanceof Placeholder placeholder) {
					String value = values.get(placeholder.name());
					if (value == null) {
						throw new IllegalArgumentException("no value for {" + placeholder.name() + "}");
					}
					out.append(landing.apply(placeholder.filter().apply(value)));
				}
				else {
					out.append((String) part);
				}
			}
			return out.toString();
		}

	}

}
