package io.customerdata.gateway.sources.connector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.customerdata.gateway.sources.IdentityKeys;

/**
 * The escapers of a template's placeholders: a query-language filter named in the
 * placeholder ({@code {value|soql}}), then the escaping of where it lands, which the
 * template applies by itself. Together they keep a customer reference a value: it can
 * never change the structure of a URL, a JSON body or a query.
 */
final class Escapers {

	private Escapers() {
	}

	/**
	 * The filter a placeholder names: {@code soql} (inside a SOQL string literal),
	 * {@code soql-like} (inside the pattern of a SOQL {@code LIKE}),
	 * {@code soql-phone-notations} (the inside of a SOQL {@code IN (…)}: the number's
	 * common notations, each a string literal), {@code sosl} (a SOSL search term, inside
	 * braces), {@code zendesk} (a quoted Zendesk search term), {@code national} (a phone
	 * number's digits without its country code, which HubSpot searches).
	 */
	static UnaryOperator<String> filter(String name) {
		return switch (name) {
			case "soql" -> Escapers::soqlStringLiteral;
			case "soql-like" -> Escapers::soqlLikePattern;
			case "soql-phone-notations" -> Escapers::soqlPhoneNotations;
			case "sosl" -> Escapers::soslTerm;
			case "zendesk" -> Escapers::zendeskTerm;
			case "national" -> IdentityKeys::withoutCountryCode;
			default -> throw new IllegalArgumentException("unknown placeholder filter '" + name + "'");
		};
	}

	/**
	 * A URL path segment or query component: everything but the unreserved characters
	 * percent-encoded, {@code /}, {@code ?}, {@code &}, {@code =}, {@code +} and
	 * {@code #} included.
	 */
	static String urlComponent(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** A header value: line breaks and other control characters removed. */
	static String headerValue(String value) {
		return value.replaceAll("\\p{Cntrl}", "");
	}

	/**
	 * The content of a SOQL string literal ({@code '…'}): quotes, backslashes and line
	 * breaks escaped as Salesforce's SOQL reference lists them.
	 */
	static String soqlStringLiteral(String value) {
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\'' -> out.append("\\'");
				case '"' -> out.append("\\\"");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (!Character.isISOControl(c)) {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/**
	 * The content of a SOQL {@code LIKE} pattern that matches the value itself: escaped
	 * as a string literal, and its wildcards {@code %} and {@code _} as {@code \%} and
	 * {@code \_}, so that a search for {@code %%} is no search for everything. Salesforce
	 * refuses these two escapes outside {@code LIKE}.
	 */
	static String soqlLikePattern(String value) {
		return soqlStringLiteral(value).replace("%", "\\%").replace("_", "\\_");
	}

	/** The notations users type a number in, each a SOQL string literal. */
	private static final List<PhoneNumberFormat> NOTATIONS = List.of(PhoneNumberFormat.E164,
			PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL);

	/**
	 * A number in international notation as the items of a SOQL {@code IN (…)}: E.164,
	 * international and national notation ({@code '+447700900123', '+44 7700 900123',
	 * '07700 900123'}), for a source that compares phones as stored text. A value that is
	 * no number is the one item it is.
	 */
	static String soqlPhoneNotations(String value) {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		List<String> notations;
		try {
			Phonenumber.PhoneNumber number = phones.parse(value, null);
			notations = NOTATIONS.stream().map((format) -> phones.format(number, format)).distinct().toList();
		}
		catch (NumberParseException ex) {
			notations = List.of(value);
		}
		return notations.stream()
			.map((notation) -> "'" + soqlStringLiteral(notation) + "'")
			.collect(Collectors.joining(", "));
	}

	/**
	 * SOSL's reserved characters, each escaped with a backslash inside {@code FIND {…}}.
	 */
	private static final String SOSL_RESERVED = "?&|!{}[]()^~*:\\\"'+-";

	static String soslTerm(String value) {
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (SOSL_RESERVED.indexOf(c) >= 0) {
				out.append('\\');
			}
			if (!Character.isISOControl(c)) {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * A Zendesk search term as one quoted phrase. Zendesk's search syntax has no escape
	 * inside quotes, so quotes, backslashes and control characters become spaces: the
	 * term cannot end the phrase and add a condition.
	 */
	static String zendeskTerm(String value) {
		return "\"" + value.replaceAll("[\"\\\\\\p{Cntrl}]", " ").strip() + "\"";
	}

}
