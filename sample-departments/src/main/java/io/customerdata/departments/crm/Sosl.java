package io.customerdata.departments.crm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The subset of SOSL the imitated Salesforce understands: {@code FIND {term} [IN ALL
 * FIELDS] RETURNING Account(field, …) [LIMIT n]}. As in Salesforce's search index, the
 * term's words (SOSL's reserved characters escaped with a backslash) each match a whole
 * word of one of the Account's own text fields, ignoring case, a trailing {@code *} any
 * word they begin; every word must match. Fields of related records (the primary
 * contact's name and e-mail) are not the Account's and are not searched, and the field
 * list takes no subqueries.
 *
 * @param words the term's words, lower case
 * @param select the Account's fields to return
 * @param limit at most this many records
 */
record Sosl(List<String> words, SoqlSelectList select, int limit) {

	private static final Pattern SEARCH = Pattern.compile(
			"FIND\\s*\\{((?:[^\\\\}]|\\\\.)*)}\\s*(?:IN\\s+ALL\\s+FIELDS\\s+)?RETURNING\\s+Account\\s*\\(([^()]*)\\)"
					+ "(?:\\s+LIMIT\\s+(\\d+))?\\s*",
			Pattern.CASE_INSENSITIVE);

	static Sosl parse(String search) {
		Matcher matcher = SEARCH.matcher(search.strip());
		if (!matcher.matches()) {
			throw SalesforceError
				.malformedSearch("only FIND {term} IN ALL FIELDS RETURNING Account(fields) is supported");
		}
		String term = matcher.group(1).replaceAll("\\\\(.)", "$1").toLowerCase(Locale.ROOT);
		List<String> words = Arrays.stream(term.split("[^\\p{L}\\p{N}*@.]+")).filter((w) -> !w.isEmpty()).toList();
		if (words.isEmpty() || words.stream().anyMatch((w) -> w.startsWith("*"))) {
			throw SalesforceError.malformedSearch("search term must be longer than one character");
		}
		return new Sosl(words, SoqlSelectList.parse("SELECT " + matcher.group(2) + " FROM Account"),
				(matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : 2000);
	}

	boolean matches(CrmAccount account) {
		List<String> indexed = new ArrayList<>();
		CrmAccount.Address address = account.billingAddress();
		Stream
			.of(account.accountName(), account.accountId(), account.region(), account.classification(),
					account.lifecycleStage(), address.street(), address.city(), address.postalCode(), address.country())
			.forEach((text) -> indexed.addAll(Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))));
		return this.words.stream()
			.allMatch((word) -> indexed.stream()
				.anyMatch((candidate) -> word.endsWith("*") ? candidate.startsWith(word.substring(0, word.length() - 1))
						: candidate.equals(word)));
	}

}
