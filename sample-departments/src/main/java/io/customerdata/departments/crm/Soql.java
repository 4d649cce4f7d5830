package io.customerdata.departments.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The subset of SOQL the imitated Salesforce understands: {@code SELECT … FROM Account},
 * optionally {@code WHERE} conditions {@code field = 'literal'},
 * {@code field IN ('a', 'b')} or {@code field LIKE 'pattern'} joined by {@code OR}, and
 * {@code LIMIT n}. String literals are read with SOQL's escapes ({@code \'}, {@code \\},
 * {@code \n}, …), exactly as Salesforce reads them, so a value the gateway escaped is
 * compared as it was meant; in a {@code LIKE} pattern {@code %} and {@code _} are
 * wildcards and {@code \%}, {@code \_} stand for themselves. An {@code Id} compared with
 * a value that is no Salesforce Id is {@code MALFORMED_ID}. The select list is
 * {@link SoqlSelectList}'s.
 */
record Soql(List<Condition> conditions, int limit) {

	/** 15 characters, or 18 with the case-safe suffix, of a Salesforce Id's alphabet. */
	static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?");

	/**
	 * {@code field = 'value'}, {@code field IN (…)} (any of {@code values}) or
	 * {@code field LIKE 'pattern'} ({@code like} set).
	 */
	record Condition(String field, List<String> values, @Nullable Pattern like) {

		/** Equality, as Salesforce compares text: ignoring case, never normalising. */
		static Condition equality(String field, List<String> values) {
			return new Condition(field, List.copyOf(values), null);
		}

		boolean matches(String actual) {
			return (this.like != null) ? this.like.matcher(actual).matches()
					: this.values.stream().anyMatch(actual::equalsIgnoreCase);
		}

	}

	private static final Pattern FROM_ACCOUNT = Pattern.compile("\\sFROM\\s+Account\\b", Pattern.CASE_INSENSITIVE);

	static Soql parse(String query) {
		if (!query.strip().regionMatches(true, 0, "SELECT ", 0, 7)) {
			throw SalesforceError.malformedQuery("only SELECT is supported");
		}
		var from = FROM_ACCOUNT.matcher(query);
		int end = -1;
		while (from.find()) {
			end = from.end();
		}
		if (end < 0) {
			throw SalesforceError.malformedQuery("only FROM Account is supported");
		}
		Soql soql = new Parser(query, end).parse();
		soql.conditions()
			.stream()
			.filter((c) -> c.field().equals("id") && c.like() == null)
			.flatMap((c) -> c.values().stream())
			.filter((id) -> !ID.matcher(id).matches())
			.findFirst()
			.ifPresent((id) -> {
				throw SalesforceError.malformedId("Account", id);
			});
		return soql;
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
				throw SalesforceError.malformedQuery("unexpected token at " + this.at);
			}
			return new Soql(List.copyOf(conditions), limit);
		}

		private Condition condition() {
			String field = word();
			skipSpace();
			if (this.text.startsWith("=", this.at)) {
				this.at++;
				return Condition.equality(field, List.of(literal(false).toString()));
			}
			if (keyword("LIKE")) {
				return new Condition(field, List.of(),
						Pattern.compile(literal(true).toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
			}
			if (keyword("IN")) {
				return Condition.equality(field, list());
			}
			throw SalesforceError.malformedQuery("expected =, IN or LIKE after " + field);
		}

		private List<String> list() {
			skipSpace();
			expect('(');
			List<String> values = new ArrayList<>();
			values.add(literal(false).toString());
			while (keyword(",")) {
				values.add(literal(false).toString());
			}
			skipSpace();
			expect(')');
			return values;
		}

		private void expect(char c) {
			if (this.at >= this.text.length() || this.text.charAt(this.at) != c) {
				throw SalesforceError.malformedQuery("expected " + c + " at " + this.at);
			}
			this.at++;
		}

		/**
		 * A string literal's value; with {@code like}, as a regular expression in which
		 * {@code %} and {@code _} are wildcards unless escaped.
		 */
		private StringBuilder literal(boolean like) {
			skipSpace();
			expect('\'');
			StringBuilder value = new StringBuilder();
			for (; this.at < this.text.length(); this.at++) {
				char c = this.text.charAt(this.at);
				if (c == '\\' && this.at + 1 < this.text.length()) {
					char escaped = this.text.charAt(++this.at);
					if (!like && (escaped == '%' || escaped == '_')) {
						throw SalesforceError.malformedQuery("\\" + escaped + " is an escape of LIKE patterns only");
					}
					append(value, switch (escaped) {
						case 'n' -> '\n';
						case 'r' -> '\r';
						case 't' -> '\t';
						case 'b' -> '\b';
						case 'f' -> '\f';
						default -> escaped;
					}, like);
				}
				else if (c == '\'') {
					this.at++;
					return value;
				}
				else if (like && (c == '%' || c == '_')) {
					value.append((c == '%') ? ".*" : ".");
				}
				else {
					append(value, c, like);
				}
			}
			throw SalesforceError.malformedQuery("unterminated string literal");
		}

		private static void append(StringBuilder value, char c, boolean like) {
			value.append(like ? Pattern.quote(String.valueOf(c)) : String.valueOf(c));
		}

		private boolean keyword(String keyword) {
			skipSpace();
			int end = this.at + keyword.length();
			if (this.text.regionMatches(true, this.at, keyword, 0, keyword.length()) && (end == this.text.length()
					|| !Character.isLetterOrDigit(keyword.charAt(0)) || !isNamePart(this.text.charAt(end)))) {
				this.at = end;
				return true;
			}
			return false;
		}

		private String word() {
			skipSpace();
			int start = this.at;
			while (this.at < this.text.length() && isNamePart(this.text.charAt(this.at))) {
				this.at++;
			}
			if (start == this.at) {
				throw SalesforceError.malformedQuery("expected a name at " + start);
			}
			return this.text.substring(start, this.at).toLowerCase(Locale.ROOT);
		}

		private static boolean isNamePart(char c) {
			return Character.isLetterOrDigit(c) || c == '.' || c == '_';
		}

		private void skipSpace() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

	}

}
