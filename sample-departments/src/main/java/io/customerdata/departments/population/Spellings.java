package io.customerdata.departments.population;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How people type e-mail addresses into forms: the variations that identity resolution
 * downstream has to see through.
 */
public final class Spellings {

	private Spellings() {
	}

	/**
	 * The canonical address, with mixed case at {@code mixedCaseRate} and surrounding
	 * white space at {@code whitespaceRate}.
	 */
	public static String email(String canonical, SplittableRandom random, double mixedCaseRate, double whitespaceRate) {
		String spelled = canonical;
		if (random.nextDouble() < mixedCaseRate) {
			spelled = capitaliseWords(spelled);
		}
		if (random.nextDouble() < whitespaceRate) {
			spelled = " " + spelled + "  ";
		}
		return spelled;
	}

	/** The form a lookup by e-mail compares: trimmed, lower case. */
	public static String emailKey(String text) {
		return text.strip().toLowerCase(Locale.ROOT);
	}

	private static String capitaliseWords(String email) {
		StringBuilder out = new StringBuilder(email.length());
		boolean startOfWord = true;
		for (char c : email.toCharArray()) {
			out.append(startOfWord ? Character.toUpperCase(c) : c);
			startOfWord = c == '.' || c == '@' || c == '-';
		}
		return out.toString();
	}

}
