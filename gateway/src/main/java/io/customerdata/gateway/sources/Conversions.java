package io.customerdata.gateway.sources;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * The conversions of {@link FieldExpression}'s functions: SaaS APIs give numbers, lists
 * and documents as strings (HubSpot's properties) and timestamps with offsets
 * ({@code 2026-01-02T03:04:05.000+0000}, Salesforce's), and the canonical model wants
 * each in one form. A value that does not convert becomes missing.
 */
final class Conversions {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** ISO-8601 with an offset written {@code Z}, {@code +00:00} or {@code +0000}. */
	private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
		.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
		.optionalStart()
		.appendOffset("+HH:MM", "Z")
		.optionalEnd()
		.optionalStart()
		.appendOffset("+HHMM", "Z")
		.optionalEnd()
		.toFormatter();

	private Conversions() {
	}

	static Function<JsonNode, JsonNode> named(String name) {
		return switch (name) {
			case "first" -> Conversions::first;
			case "number" -> Conversions::number;
			case "json" -> Conversions::json;
			case "instant" -> Conversions::instant;
			default -> throw new IllegalArgumentException("unknown conversion " + name);
		};
	}

	static Function<JsonNode, JsonNode> split(String delimiter) {
		String separator = delimiter.strip();
		return (value) -> {
			if (!value.isString()) {
				return NODES.missingNode();
			}
			ArrayNode parts = NODES.arrayNode();
			for (String part : value.asString().split(java.util.regex.Pattern.quote(separator))) {
				if (!part.isBlank()) {
					parts.add(part.strip());
				}
			}
			return parts;
		};
	}

	private static JsonNode first(JsonNode value) {
		return (value.isArray() && !value.isEmpty()) ? value.get(0) : NODES.missingNode();
	}

	/**
	 * Integral values as int or long, as the native APIs' numbers parse, whether written
	 * as a string ({@code "42"}) or as a currency double ({@code 1.0E7}, Salesforce's).
	 */
	private static JsonNode number(JsonNode value) {
		if (!value.isString() && !value.isNumber()) {
			return NODES.missingNode();
		}
		try {
			BigDecimal number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asString().strip());
			if (number.stripTrailingZeros().scale() <= 0) {
				long whole = number.longValueExact();
				return (whole == (int) whole) ? NODES.numberNode((int) whole) : NODES.numberNode(whole);
			}
			return NODES.numberNode(number.doubleValue());
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return NODES.missingNode();
		}
	}

	private static JsonNode json(JsonNode value) {
		if (!value.isString()) {
			return NODES.missingNode();
		}
		try {
			return JSON.readTree(value.asString());
		}
		catch (JacksonException ex) {
			return NODES.missingNode();
		}
	}

	private static JsonNode instant(JsonNode value) {
		if (!value.isString()) {
			return NODES.missingNode();
		}
		String text = value.asString().strip();
		try {
			return StringNode.valueOf(Instant.parse(text).toString());
		}
		catch (DateTimeParseException ex) {
			try {
				return StringNode.valueOf(OffsetDateTime.parse(text, OFFSET_DATE_TIME).toInstant().toString());
			}
			catch (DateTimeParseException again) {
				return NODES.missingNode();
			}
		}
	}

}
