package io.customerdata.gateway.enforcement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a SOQL query into a {@link SoqlQuery}, refusing with the reason what the gateway
 * could not decide on record by record.
 */
final class SoqlParser {

	private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");

	private static final Set<String> AGGREGATES = Set.of("count", "count_distinct", "sum", "avg", "min", "max");

	/** The words that may follow the object: anything else would be an alias. */
	private static final Set<String> CLAUSES = Set.of("where", "with", "group", "order", "limit", "offset", "for",
			"update", "using");

	/**
	 * SOQL's comparison operators, {@code NOT IN} read as {@code NOT} and {@code IN}.
	 */
	private static final Set<String> COMPARISONS = Set.of("=", "!=", "<", "<=", ">", ">=", "like", "in", "includes",
			"excludes");

	/** The clauses that may follow a WHERE or an ORDER BY. */
	private static final Set<String> FOLLOWING = Set.of("with", "group", "order", "limit", "offset", "for", "update");

	private final String text;

	private final SoqlTokens tokens;

	private final List<SoqlQuery.Subquery> subqueries = new ArrayList<>();

	SoqlParser(String text) {
		this.text = text;
		this.tokens = new SoqlTokens(text);
	}

	SoqlQuery query() {
		this.tokens.expect("SELECT", "A query starts with SELECT.");
		List<String> fields = new ArrayList<>();
		int selectEnd = selectList(fields, true);
		String object = object();
		List<String> conditionFields = new ArrayList<>();
		rest(false, conditionFields);
		return new SoqlQuery(this.text, object, List.copyOf(fields), List.copyOf(conditionFields),
				List.copyOf(this.subqueries), selectEnd);
	}

	/**
	 * Reads a select list up to its FROM, adding its fields; returns where it ends.
	 */
	private int selectList(List<String> fields, boolean topLevel) {
		int end;
		do {
			SoqlTokens.Token item = this.tokens.next("The select list ends before FROM.");
			if (item.is("FROM")) {
				throw new SoqlQuery.Unsupported("The select list names no field before FROM.");
			}
			if (item.is("(") && topLevel) {
				subquery();
			}
			else if (item.is("(")) {
				throw new SoqlQuery.Unsupported("Subqueries are understood only in the outer select list.");
			}
			else {
				fields.add(field(item));
			}
			end = this.tokens.previous().end();
		}
		while (this.tokens.accept(","));
		this.tokens.expect("FROM", "Select list items are separated by commas and end with FROM.");
		return end;
	}

	private String field(SoqlTokens.Token item) {
		if (item.is("TYPEOF")) {
			throw new SoqlQuery.Unsupported("TYPEOF is not supported: its fields depend on each record's type.");
		}
		if (this.tokens.peek("(")) {
			String function = item.text().toLowerCase(Locale.ROOT);
			if (function.equals("fields")) {
				throw new SoqlQuery.Unsupported("FIELDS() is not supported: name the fields to select.");
			}
			if (AGGREGATES.contains(function)) {
				throw new SoqlQuery.Unsupported(
						"Aggregate functions are not supported: their rows are no records the policy can decide on.");
			}
			throw new SoqlQuery.Unsupported(
					"Function '" + item.text() + "' is not supported: select fields as they are.");
		}
		if (item.literal() || !FIELD.matcher(item.text()).matches()) {
			throw new SoqlQuery.Unsupported("'" + item.text() + "' is not a field name.");
		}
		if (!this.tokens.atEnd() && !this.tokens.peek(",") && !this.tokens.peek("FROM") && !this.tokens.peek(")")) {
			throw new SoqlQuery.Unsupported(
					"Aliases are not supported ('" + item.text() + " " + this.tokens.current().text() + "').");
		}
		return item.text();
	}

	/** {@code (SELECT fields FROM Relationship …)}, the opening parenthesis read. */
	private void subquery() {
		this.tokens.expect("SELECT", "A parenthesis in the select list opens a subquery: (SELECT … FROM …).");
		List<String> fields = new ArrayList<>();
		selectList(fields, false);
		String relationship = name("The subquery names no relationship after FROM.");
		List<String> conditionFields = new ArrayList<>();
		rest(true, conditionFields);
		this.tokens.expect(")", "The subquery is not closed.");
		this.subqueries.add(new SoqlQuery.Subquery(relationship, List.copyOf(fields), List.copyOf(conditionFields)));
	}

	private String object() {
		String object = name("The query names no object after FROM.");
		if (!this.tokens.atEnd() && !this.tokens.current().literal()
				&& !CLAUSES.contains(this.tokens.current().text().toLowerCase(Locale.ROOT))) {
			throw new SoqlQuery.Unsupported(
					"Object aliases are not supported ('" + object + " " + this.tokens.current().text() + "').");
		}
		return object;
	}

	/**
	 * The clauses after FROM: WHERE and ORDER BY read for the fields they name, the
	 * others kept as written; up to the end, or to the closing parenthesis of a subquery.
	 */
	private void rest(boolean inSubquery, List<String> conditionFields) {
		int depth = 0;
		while (!this.tokens.atEnd()) {
			SoqlTokens.Token token = this.tokens.current();
			if (token.is(")") && depth == 0 && inSubquery) {
				return;
			}
			this.tokens.skip();
			if (token.is("WHERE") && depth == 0) {
				condition(conditionFields);
				clauseEnds("WHERE", inSubquery);
				continue;
			}
			if (token.is("ORDER") && depth == 0) {
				this.tokens.expect("BY", "ORDER is followed by BY.");
				ordering(conditionFields);
				clauseEnds("ORDER BY", inSubquery);
				continue;
			}
			if (token.is("SELECT")) {
				throw semiJoin();
			}
			if (token.is("GROUP") || token.is("HAVING")) {
				throw new SoqlQuery.Unsupported(
						"GROUP BY is not supported: its rows are no records the policy can decide on.");
			}
			if ((token.is("LIMIT") || token.is("OFFSET")) && depth == 0 && !inSubquery) {
				// The department counts the records the caller may not see too,
				// before
				// the gateway leaves them out: which ones fill the limit would tell
				// whether they matched the conditions.
				throw new SoqlQuery.Unsupported(token.text().toUpperCase(Locale.ROOT)
						+ " is not supported: the records it counts include those you may not see.");
			}
			if (token.is("TYPEOF")) {
				throw new SoqlQuery.Unsupported("TYPEOF is not supported: its fields depend on each record's type.");
			}
			depth += token.is("(") ? 1 : token.is(")") ? -1 : 0;
			if (depth < 0) {
				throw new SoqlQuery.Unsupported("The query has an unbalanced parenthesis.");
			}
		}
		if (depth != 0 || inSubquery) {
			throw new SoqlQuery.Unsupported("The query has an unbalanced parenthesis.");
		}
	}

	/**
	 * A WHERE clause's condition: comparisons joined by AND and OR, each perhaps negated,
	 * in parentheses or not.
	 */
	private void condition(List<String> conditionFields) {
		do {
			// NOT negates what follows, which still names its fields.
			this.tokens.accept("NOT");
			if (this.tokens.accept("(")) {
				condition(conditionFields);
				this.tokens.expect(")", "The query has an unbalanced parenthesis.");
			}
			else {
				comparison(conditionFields);
			}
		}
		while (this.tokens.accept("AND") || this.tokens.accept("OR"));
	}

	/**
	 * {@code field operator value}: the field is recorded, the value kept as written.
	 */
	private void comparison(List<String> conditionFields) {
		conditionFields.add(operand(this.tokens.next("The WHERE clause ends before its condition."), "WHERE"));
		SoqlTokens.Token operator = this.tokens.next("The WHERE clause ends before its comparison.");
		if (operator.is("NOT")) {
			operator = this.tokens.next("NOT in a comparison is followed by IN.");
			if (!operator.is("IN")) {
				throw new SoqlQuery.Unsupported("NOT in a comparison is followed by IN.");
			}
		}
		if (operator.literal() || !COMPARISONS.contains(operator.text().toLowerCase(Locale.ROOT))) {
			throw new SoqlQuery.Unsupported("'" + operator.text() + "' is not a SOQL comparison operator.");
		}
		if (this.tokens.accept("(")) {
			do {
				value();
			}
			while (this.tokens.accept(","));
			this.tokens.expect(")", "The query has an unbalanced parenthesis.");
		}
		else {
			value();
		}
	}

	/**
	 * A literal, a number, a date or a date literal: anything but a nested clause.
	 */
	private void value() {
		SoqlTokens.Token value = this.tokens.next("The WHERE clause ends before the value compared with.");
		if (value.is("SELECT")) {
			throw semiJoin();
		}
		if (value.is("(") || value.is(")") || value.is(",") || (!value.literal() && this.tokens.peek("("))) {
			throw new SoqlQuery.Unsupported("'" + value.text() + "' is not a value a field can be compared with.");
		}
	}

	/** {@code field [ASC|DESC] [NULLS FIRST|LAST]}, separated by commas. */
	private void ordering(List<String> conditionFields) {
		do {
			conditionFields.add(operand(this.tokens.next("ORDER BY names no field."), "ORDER BY"));
			if (!this.tokens.accept("ASC")) {
				this.tokens.accept("DESC");
			}
			if (this.tokens.accept("NULLS") && !this.tokens.accept("FIRST") && !this.tokens.accept("LAST")) {
				throw new SoqlQuery.Unsupported("NULLS in ORDER BY is followed by FIRST or LAST.");
			}
		}
		while (this.tokens.accept(","));
	}

	/** A field named in a WHERE or an ORDER BY. */
	private String operand(SoqlTokens.Token item, String clause) {
		if (!item.literal() && this.tokens.peek("(")) {
			throw new SoqlQuery.Unsupported(
					"Functions in " + clause + " are not supported ('" + item.text() + "'): name fields as they are.");
		}
		if (item.literal() || !FIELD.matcher(item.text()).matches()) {
			throw new SoqlQuery.Unsupported("'" + item.text() + "' is not a field name (in " + clause + ").");
		}
		return item.text();
	}

	/**
	 * What follows a WHERE or an ORDER BY: another clause, the end, or the end of the
	 * subquery. Anything else would be read by SOQL in a way this parser did not.
	 */
	private void clauseEnds(String clause, boolean inSubquery) {
		if (this.tokens.atEnd() || (inSubquery && this.tokens.peek(")"))) {
			return;
		}
		SoqlTokens.Token next = this.tokens.current();
		if (next.literal() || !FOLLOWING.contains(next.text().toLowerCase(Locale.ROOT))) {
			throw new SoqlQuery.Unsupported(
					"The " + clause + " clause is not understood from '" + next.text() + "' on.");
		}
	}

	private static SoqlQuery.Unsupported semiJoin() {
		return new SoqlQuery.Unsupported(
				"Subqueries outside the select list (semi-joins) are not supported: they read other objects.");
	}

	private String name(String missing) {
		SoqlTokens.Token name = this.tokens.next(missing);
		if (name.literal() || !FIELD.matcher(name.text()).matches() || name.text().contains(".")) {
			throw new SoqlQuery.Unsupported("'" + name.text() + "' is not an object name.");
		}
		return name.text();
	}

}
