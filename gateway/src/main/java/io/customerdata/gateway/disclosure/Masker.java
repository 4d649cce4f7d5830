package io.customerdata.gateway.disclosure;

import java.math.BigDecimal;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * The masking methods of the policy document, applied to JSON values. Arrays are masked
 * element by element; a value a method cannot read (a phone that is no string, a range
 * over text) is redacted, never shown.
 */
public final class Masker {

	public static final String REDACTED = "[redacted]";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final PseudonymKey key;

	public Masker(PseudonymKey key) {
		this.key = key;
	}

	/**
	 * @param method {@code redact}, {@code email-partial}, {@code last4},
	 * {@code pseudonym}, {@code year-only} or {@code range}
	 * @param bounds the range method's ascending bucket limits
	 * @param field the canonical field, which keeps pseudonyms of different fields apart
	 */
	public JsonNode mask(String method, List<Double> bounds, String field, JsonNode value) {
		return switch (method) {
			case "email-partial" -> each(value, Masker::emailPartial);
			case "last4" -> each(value, Masker::last4);
			case "pseudonym" -> each(value, (text) -> pseudonym(field, text));
			case "year-only" -> each(value, Masker::yearOnly);
			case "range" -> eachNumber(value, bounds);
			default -> StringNode.valueOf(REDACTED);
		};
	}

	/** {@code alice.archer@example.com} → {@code a***@example.com}. */
	static String emailPartial(String email) {
		String trimmed = email.strip();
		int at = trimmed.indexOf('@');
		return (at < 1) ? REDACTED : trimmed.charAt(0) + "***" + trimmed.substring(at).toLowerCase(Locale.ROOT);
	}

	/** Only the last four digits: {@code +44 7700 900123} → {@code ***0123}. */
	static String last4(String phone) {
		String digits = phone.replaceAll("\\D", "");
		return (digits.length() < 4) ? REDACTED : "***" + digits.substring(digits.length() - 4);
	}

	/** An ISO date or timestamp's year: {@code 2025-03-12T06:10:00Z} → {@code 2025}. */
	static String yearOnly(String date) {
		return date.matches("\\d{4}-.*") ? date.substring(0, 4) : REDACTED;
	}

	/**
	 * A stable keyed hash: the same value of the same field always gives the same
	 * pseudonym.
	 */
	String pseudonym(String field, String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key.bytes(), "HmacSHA256"));
			mac.update(field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			mac.update((byte) 0);
			byte[] digest = mac
				.doFinal(value.strip().toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "pn-" + HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/**
	 * The bucket a number falls in, as a half-open interval: {@code [1000000, 10000000)}.
	 */
	static String range(BigDecimal number, List<Double> bounds) {
		BigDecimal lower = null;
		for (Double bound : bounds) {
			BigDecimal upper = BigDecimal.valueOf(bound);
			if (number.compareTo(upper) < 0) {
				return "[" + ((lower != null) ? plain(lower) : "") + ", " + plain(upper) + ")";
			}
			lower = upper;
		}
		return "[" + plain(lower) + ", )";
	}

	private static String plain(BigDecimal number) {
		return number.stripTrailingZeros().toPlainString();
	}

	private static JsonNode each(JsonNode value, UnaryOperator<String> method) {
		if (value.isArray()) {
			ArrayNode masked = NODES.arrayNode();
			value.forEach((element) -> masked.add(each(element, method)));
			return masked;
		}
		return value.isString() ? StringNode.valueOf(method.apply(value.asString())) : StringNode.valueOf(REDACTED);
	}

	private static JsonNode eachNumber(JsonNode value, List<Double> bounds) {
		if (value.isArray()) {
			ArrayNode masked = NODES.arrayNode();
			value.forEach((element) -> masked.add(eachNumber(element, bounds)));
			return masked;
		}
		return (value.isNumber() && !bounds.isEmpty()) ? StringNode.valueOf(range(value.decimalValue(), bounds))
				: StringNode.valueOf(REDACTED);
	}

}
