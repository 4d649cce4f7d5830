package io.customerdata.gateway.enforcement;

import java.util.ArrayList;
import java.util.List;

/** SOQL split into the tokens {@link SoqlParser} reads. */
final class SoqlTokens {

	/**
	 * A word, string literal, comparison operator or one of {@code ( ) ,}, and where it
	 * starts and ends.
	 */
	record Token(String text, int start, int end, boolean literal) {

		boolean is(String word) {
			return !this.literal && this.text.equalsIgnoreCase(word);
		}

	}

	private static final String OPERATOR_CHARACTERS = "=!<>";

	private SoqlTokens() {
	}

	static List<Token> of(String text) {
		List<Token> tokens = new ArrayList<>();
		int at = 0;
		while (at < text.length()) {
			char c = text.charAt(at);
			if (Character.isWhitespace(c)) {
				at++;
			}
			else if (c == '\'') {
				int end = literalEnd(text, at);
				tokens.add(new Token(text.substring(at, end), at, end, true));
				at = end;
			}
			else if ("(),".indexOf(c) >= 0) {
				tokens.add(new Token(String.valueOf(c), at, at + 1, false));
				at++;
			}
			else {
				// A comparison needs no spaces around its operator (Amount>=1000).
				boolean operator = OPERATOR_CHARACTERS.indexOf(c) >= 0;
				int start = at;
				while (at < text.length() && !Character.isWhitespace(text.charAt(at))
						&& "(),'".indexOf(text.charAt(at)) < 0
						&& (OPERATOR_CHARACTERS.indexOf(text.charAt(at)) >= 0) == operator) {
					at++;
				}
				tokens.add(new Token(text.substring(start, at), start, at, false));
			}
		}
		return tokens;
	}

	/** A string literal, with SOQL's backslash escapes. */
	private static int literalEnd(String text, int start) {
		for (int at = start + 1; at < text.length(); at++) {
			char c = text.charAt(at);
			if (c == '\\') {
				at++;
			}
			else if (c == '\'') {
				return at + 1;
			}
		}
		throw new SoqlQuery.Unsupported("The query has an unterminated string literal.");
	}

}
