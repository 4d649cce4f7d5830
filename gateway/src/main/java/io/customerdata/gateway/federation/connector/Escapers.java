package io.customerdata.gateway.federation.connector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

import io.customerdata.gateway.federation.IdentityKeys;

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
	 * {@code sosl} (a SOSL search term, inside braces), {@code zendesk} (a quoted Zendesk
	 * search term), {@code national} (a phone number's digits without its country code,
	 * which HubSpot searches).
	 */
	static UnaryOperator<String> filter(String name) {
		return switch (name) {
			case "soql" -> Escapers::soqlStringLiteral;
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
