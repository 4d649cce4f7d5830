package io.customerdata.departments.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The subset of SOQL the imitated Salesforce understands: {@code SELECT … FROM Account},
 * optionally {@code WHERE} conditions {@code field = 'literal'} or
 * {@code field LIKE 'pattern'} joined by {@code OR}, and {@code LIMIT n}. String literals
 * are read with SOQL's escapes ({@code \'}, {@code \\}, {@code \n}, …), exactly as
 * Salesforce reads them, so a value the gateway escaped is compared as it was meant. The
 * select list is {@link SoqlSelectList}'s.
 */
record Soql(List<Condition> conditions, int limit) {

	/** {@code field op 'value'}; {@code op} is {@code =} or {@code LIKE}. */
	record Condition(String field, boolean like, String value) {

		boolean matches(String actual) {
			if (!this.like) {
				return actual.equalsIgnoreCase(this.value);
			}
			StringBuilder regex = new StringBuilder();
			for (char c : this.value.toCharArray()) {
				regex.append((c == '%') ? ".*" : (c == '_') ? "." : Pattern.quote(String.valueOf(c)));
			}
			return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
				.matcher(actual)
				.matches();
		}

	}

	/** A query this imitation cannot run, as Salesforce's {@code MALFORMED_QUERY}. */
	static final class MalformedQuery extends RuntimeException {

		MalformedQuery(String message) {
			super(message);
		}

	}

	private static final Pattern FROM_ACCOUNT = Pattern.compile("\\sFROM\\s+Account\\b", Pattern.CASE_INSENSITIVE);

	static Soql parse(String query) {
		if (!query.strip().regionMatches(true, 0, "SELECT ", 0, 7)) {
			throw new MalformedQuery("only SELECT is supported");
		}
		var from = FROM_ACCOUNT.matcher(query);
		int end = -1;
		while (from.find()) {
			end = from.end();
		}
		if (end < 0) {
			throw new MalformedQuery("only FROM Account is supported");
		}
		return new Parser(query, end).parse();
	}

	/** Reads the part after {@code FROM Account}. */
	private static final class Parser {

		private final String text;

		private int at;

		Parser(String text, int at) {
			this.text = text;
			this.at = at;
		}

		Soql parse() {
			List<Condition> conditions = new ArrayList<>();
			int limit = 2000;
			if (keyword("WHERE")) {
				do {
					conditions.add(condition());
				}
				while (keyword("OR"));
			}
			if (keyword("LIMIT")) {
				limit = Integer.parseInt(word());
			}
			skipSpace();
			if (this.at < this.text.length()) {
				throw new MalformedQuery("unexpected token at " + this.at);
			}
			return new Soql(List.copyOf(conditions), limit);
		}

		private Condition condition() {
			String field = word();
			boolean like;
			skipSpace();
			if (this.text.startsWith("=", this.at)) {
				this.at++;
				like = false;
			}
			else if (keyword("LIKE")) {
				like = true;
			}
			else {
				throw new MalformedQuery("expected = or LIKE after " + field);
			}
			return new Condition(field, like, literal());
		}

		private String literal() {
			skipSpace();
			if (this.at >= this.text.length() || this.text.charAt(this.at) != '\'') {
				throw new MalformedQuery("expected a string literal at " + this.at);
			}
			StringBuilder value = new StringBuilder();
			for (this.at++; this.at < this.text.length(); this.at++) {
				char c = this.text.charAt(this.at);
				if (c == '\\' && this.at + 1 < this.text.length()) {
					char escaped = this.text.charAt(++this.at);
					value.append(switch (escaped) {
						case 'n' -> '\n';
						case 'r' -> '\r';
						case 't' -> '\t';
						case 'b' -> '\b';
						case 'f' -> '\f';
						default -> escaped;
					});
				}
				else if (c == '\'') {
					this.at++;
					return value.toString();
				}
				else {
					value.append(c);
				}
			}
			throw new MalformedQuery("unterminated string literal");
		}

		private boolean keyword(String keyword) {
			skipSpace();
			int end = this.at + keyword.length();
			if (this.text.regionMatches(true, this.at, keyword, 0, keyword.length())
					&& (end == this.text.length() || Character.isWhitespace(this.text.charAt(end)))) {
				this.at = end;
				return true;
			}
			return false;
		}

		private String word() {
			skipSpace();
			int start = this.at;
			while (this.at < this.text.length() && (Character.isLetterOrDigit(this.text.charAt(this.at))
					|| "._".indexOf(this.text.charAt(this.at)) >= 0)) {
				this.at++;
			}
			if (start == this.at) {
				throw new MalformedQuery("expected a name at " + start);
			}
			return this.text.substring(start, this.at).toLowerCase(Locale.ROOT);
		}

		private void skipSpace() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

	}

}
