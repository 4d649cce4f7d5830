package io.customerdata.departments.crm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A SOQL query's select list, as Salesforce honours it: a record comes back with its
 * {@code attributes} and the selected fields only, in the order selected, named as the
 * object names them whatever case the query used. A relationship field
 * ({@code Primary_Contact__r.Email}) brings the related record with its
 * {@code attributes} and those of its fields that were selected ({@code null} if there is
 * none); a subquery ({@code (SELECT Amount FROM Opportunities)}) brings the child
 * relationship with the records projected the same way ({@code null} if empty). A field
 * the object does not have is {@code INVALID_FIELD} (see {@link #check}), one selected
 * twice a malformed query. A subquery's own {@code WHERE}, {@code ORDER BY} and
 * {@code LIMIT} are not honoured.
 *
 * @param entity the object queried, as error messages name it
 * @param fields the selected fields and subqueried relationships, in order, as written
 * @param children the subqueries by relationship name, as written
 */
record SoqlSelectList(String entity, List<String> fields, Map<String, SoqlSelectList> children) {

	/** The objects of the child relationships, by relationship name. */
	private static final Map<String, String> CHILD_ENTITIES = Map.of("opportunities", "Opportunity", "notes", "Note");

	/** The select list of {@code SELECT … FROM Account}. */
	static SoqlSelectList parse(String query) {
		return parse(query, "Account");
	}

	private static SoqlSelectList parse(String query, String entity) {
		String text = query.strip();
		if (!text.regionMatches(true, 0, "SELECT ", 0, 7)) {
			throw SalesforceError.malformedQuery("only SELECT is supported");
		}
		List<String> fields = new ArrayList<>();
		Map<String, SoqlSelectList> children = new LinkedHashMap<>();
		Set<String> selected = new LinkedHashSet<>();
		for (String item : items(text.substring(7, fromAt(text)))) {
			String name;
			if (item.startsWith("(") && item.endsWith(")")) {
				String subquery = item.substring(1, item.length() - 1).strip();
				name = subquery.substring(fromAt(subquery) + 5).strip().split("\\s+")[0];
				children.put(name, parse(subquery, CHILD_ENTITIES.getOrDefault(name.toLowerCase(Locale.ROOT), name)));
			}
			else if (item.matches("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*")) {
				name = item;
			}
			else {
				throw SalesforceError.malformedQuery("unexpected token: '" + (item.isEmpty() ? "," : item) + "'");
			}
			if (!selected.add(name.toLowerCase(Locale.ROOT))) {
				throw SalesforceError.malformedQuery("duplicate field selected: " + name);
			}
			fields.add(name);
		}
		return new SoqlSelectList(entity, List.copyOf(fields), Collections.unmodifiableMap(children));
	}

	/**
	 * Fails with {@code INVALID_FIELD} if any selected field, in a subquery too, is not
	 * one of {@code shape}'s (a record with every field and a child in each
	 * relationship), as Salesforce fails the whole query before reading any record.
	 */
	void check(Map<String, ?> shape) {
		project(shape);
	}

	/** The record as the query selects it. */
	Map<String, @Nullable Object> project(Map<String, ?> record) {
		Map<String, @Nullable Object> out = new LinkedHashMap<>();
		if (record.containsKey("attributes")) {
			out.put("attributes", record.get("attributes"));
		}
		for (String field : this.fields) {
			SoqlSelectList child = this.children.get(field);
			if (child == null) {
				put(out, record, field.split("\\."), 0, field, this.entity);
			}
			else {
				String key = key(record, field, field, this.entity);
				out.put(key, (record.get(key) instanceof Map<?, ?> children) ? child.children(children) : null);
			}
		}
		return out;
	}

	private Map<String, Object> children(Map<?, ?> relationship) {
		Map<String, Object> out = new LinkedHashMap<>();
		relationship.forEach((key, value) -> out.put((String) key, value));
		out.put("records",
				((List<?>) relationship.get("records")).stream()
					.map((child) -> project(strings((Map<?, ?>) child)))
					.toList());
		return out;
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, @Nullable Object> out, Map<String, ?> record, String[] path, int at,
			String field, String entity) {
		String key = key(record, path[at], field, entity);
		Object value = record.get(key);
		if (at == path.length - 1) {
			out.put(key, value);
			return;
		}
		if (value == null) {
			out.put(key, null);
			return;
		}
		if (!(value instanceof Map<?, ?> related)) {
			throw SalesforceError.invalidField(field, entity);
		}
		Map<String, @Nullable Object> projected = (out.get(key) instanceof Map<?, ?> existing)
				? (Map<String, @Nullable Object>) existing : new LinkedHashMap<>();
		if (projected.isEmpty() && related.containsKey("attributes")) {
			projected.put("attributes", related.get("attributes"));
		}
		put(projected, strings(related), path, at + 1, field, entity);
		out.put(key, projected);
	}

	/** The record's own name for a field, whatever case the query used. */
	private static String key(Map<String, ?> record, String name, String field, String entity) {
		return record.keySet()
			.stream()
			.filter((key) -> key.equalsIgnoreCase(name))
			.findFirst()
			.orElseThrow(() -> SalesforceError.invalidField(field, entity));
	}

	private static Map<String, ?> strings(Map<?, ?> map) {
		Map<String, Object> out = new LinkedHashMap<>();
		map.forEach((key, value) -> out.put((String) key, value));
		return out;
	}

	/** Where the top-level {@code FROM} is: outside parentheses and string literals. */
	private static int fromAt(String query) {
		int depth = 0;
		boolean literal = false;
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (literal) {
				i += (c == '\\') ? 1 : 0;
				literal = c != '\'';
			}
			else if (c == '\'') {
				literal = true;
			}
			else {
				depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
				if (depth == 0 && i > 0 && Character.isWhitespace(query.charAt(i - 1))
						&& query.regionMatches(true, i, "FROM", 0, 4)
						&& (i + 4 == query.length() || Character.isWhitespace(query.charAt(i + 4)))) {
					return i;
				}
			}
		}
		throw SalesforceError.malformedQuery("expecting FROM");
	}

	/** The select list's items: split on commas outside parentheses. */
	private static List<String> items(String list) {
		List<String> items = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < list.length(); i++) {
			char c = list.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (c == ',' && depth == 0) {
				items.add(list.substring(start, i).strip());
				start = i + 1;
			}
		}
		items.add(list.substring(start).strip());
		return items;
	}

}
