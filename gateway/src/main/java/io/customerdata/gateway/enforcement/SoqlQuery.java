package io.customerdata.gateway.enforcement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A SOQL query as far as the pass-through route understands it: a select list of fields
 * (relationship fields such as {@code Primary_Contact__r.Email} included) and child
 * relationship subqueries, the object queried, the fields its {@code WHERE} and
 * {@code ORDER BY} name (which decide which records come back, and in which order, so
 * they disclose those fields' values as much as the select list does), and the rest kept
 * as written but a top-level {@code LIMIT} or {@code OFFSET}, which counts records the
 * caller may not see. What the gateway could not decide on record by record is refused
 * with the reason: aggregates and {@code GROUP BY} (their rows are no records),
 * {@code TYPEOF} and {@code FIELDS()} (they select what the gateway cannot know in
 * advance), other functions, aliases, and subqueries outside the select list (semi-joins
 * would read other objects).
 *
 * @param text the query as written
 * @param object the object queried ({@code Account})
 * @param fields the top-level select list's fields, as written
 * @param conditionFields the fields the top-level {@code WHERE} and {@code ORDER BY} name
 * @param subqueries the select list's child relationship subqueries
 * @param selectEnd where the top-level select list ends in the text
 */
record SoqlQuery(String text, String object, List<String> fields, List<String> conditionFields,
		List<Subquery> subqueries, int selectEnd) {

	/**
	 * A child relationship subquery, {@code (SELECT Amount FROM Opportunities WHERE …)}:
	 * its fields are the related records' own.
	 *
	 * @param relationship the relationship it reads ({@code Opportunities})
	 * @param fields its select list's fields, as written
	 * @param conditionFields the fields its {@code WHERE} and {@code ORDER BY} name
	 */
	record Subquery(String relationship, List<String> fields, List<String> conditionFields) {
	}

	/** A query the gateway cannot decide on, with the reason for the caller. */
	static final class Unsupported extends IllegalArgumentException {

		Unsupported(String message) {
			super(message);
		}

	}

	static SoqlQuery parse(String text) {
		return new SoqlParser(text).query();
	}

	/** The relationships its subqueries read ({@code Opportunities}). */
	List<String> childRelationships() {
		return this.subqueries.stream().map(Subquery::relationship).toList();
	}

	/**
	 * The query selecting these fields too, those it does not select yet (SOQL refuses a
	 * field selected twice), appended to the top-level select list.
	 */
	String selecting(List<String> required) {
		Set<String> selected = new LinkedHashSet<>();
		this.fields.forEach((field) -> selected.add(field.toLowerCase(Locale.ROOT)));
		List<String> added = required.stream().filter((field) -> selected.add(field.toLowerCase(Locale.ROOT))).toList();
		if (added.isEmpty()) {
			return this.text;
		}
		return this.text.substring(0, this.selectEnd) + ", " + String.join(", ", added)
				+ this.text.substring(this.selectEnd);
	}

}
