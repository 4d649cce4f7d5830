package io.customerdata.gateway.enforcement;

import java.util.ArrayList;
import java.util.List;

/**
 * SOQL split into tokens, read by {@link SoqlParser} one after another.
 */
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

	private final List<Token> tokens;

	private int at;

	SoqlTokens(String text) {
		this.tokens = of(text);
	}

	boolean atEnd() {
		return this.at >= this.tokens.size();
	}

	/** The token to be read next; only when not {@link #atEnd()}. */
	Token current() {
		return this.tokens.get(this.at);
	}

	/** The token read last. */
	Token previous() {
		return this.tokens.get(this.at - 1);
	}

	void skip() {
		this.at++;
	}

	/** The next token, read. */
	Token next(String missing) {
		if (atEnd()) {
			throw new SoqlQuery.Unsupported(missing);
		}
		return this.tokens.get(this.at++);
	}

	void expect(String word, String otherwise) {
		if (!accept(word)) {
			throw new SoqlQuery.Unsupported(otherwise);
		}
	}

	/** Reads the next token if it is this word. */
	boolean accept(String word) {
		if (peek(word)) {
			this.at++;
			return true;
		}
		return false;
	}

	boolean peek(String word) {
		return !atEnd() && current().is(word);
	}

	private static List<Token> of(String text) {
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
