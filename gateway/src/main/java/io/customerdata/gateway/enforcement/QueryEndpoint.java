package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePassThrough;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * A source's query endpoint on the pass-through route (Salesforce's
 * {@code /services/data/vXX.X/query?q=…}): the query must be one the gateway understands,
 * of objects the source declares, and it is sent selecting what the decision on each
 * record needs (the record id and the fields the mapping reads the customer's attributes
 * from), so that no record comes back without what says whose it is. The fields added are
 * mapped fields: they leave only as the caller's field views allow.
 * <p>
 * Two things a well-formed query could still disclose are refused before it is sent:
 * <ul>
 * <li>a relationship the mapping does not read ({@code Parent.Name},
 * {@code Primary_Contact__r.Account.Name}): it reaches another record, another customer
 * perhaps, whose fields would come back decided as the record that points at it;</li>
 * <li>a {@code WHERE} or {@code ORDER BY} on a field the caller does not see as it is
 * (masked, withheld, or unmapped under a {@code *} view that does not allow): which
 * records come back, and in which order, tells its value, one comparison at a time. The
 * caller's best-case decision is the most they may see of any customer, so a field it
 * does not allow is allowed on no record. The record id and the decision's own fields
 * stay: the decision on each record discloses what they say of it anyway.</li>
 * </ul>
 */
final class QueryEndpoint {

	private final String source;

	private final String parameter;

	private final Set<String> objects;

	private final Set<String> childRelationships;

	private final List<String> decisionFields;

	/** The decision fields in lower case: SOQL names fields in any case. */
	private final Set<String> decisionPaths;

	/**
	 * The relationships the mapping reads from the queried object
	 * ({@code primary_contact__r}), in lower case.
	 */
	private final Set<String> relationships;

	/** What the mapping reads of each child relationship, by its lower-case name. */
	private final Map<String, Child> children;

	private final SourcePathView paths;

	/**
	 * @param decisionFields the source paths a decision reads ({@code Id},
	 * {@code Region__c}, …); each must be a field a select list can name
	 * @param mappedPaths the source paths the mapping reads, with the canonical fields
	 * they carry
	 * @throws IllegalStateException if one cannot be selected
	 */
	QueryEndpoint(String source, SourcePassThrough.Query query, List<String> decisionFields,
			Map<String, List<String>> mappedPaths) {
		this.source = source;
		this.parameter = query.parameter();
		this.objects = lowerCase(query.objects());
		this.childRelationships = lowerCase(query.childRelationships());
		this.decisionPaths = lowerCase(decisionFields);
		this.paths = new SourcePathView(source, mappedPaths);
		Set<String> relationships = new HashSet<>();
		Map<String, Child> children = new HashMap<>();
		Stream.concat(decisionFields.stream(), mappedPaths.keySet().stream()).forEach((path) -> {
			int elements = path.indexOf("[].");
			if (elements < 0) {
				relationships.addAll(prefixes(path));
				return;
			}
			// A child relationship's records: Opportunities.records[].Name.
			String relationship = path.substring(0, path.indexOf('.')).toLowerCase(Locale.ROOT);
			children
				.computeIfAbsent(relationship, (name) -> new Child(path.substring(0, elements + 3), new HashSet<>()))
				.relationships()
				.addAll(prefixes(path.substring(elements + 3)));
		});
		this.relationships = Set.copyOf(relationships);
		this.children = Map.copyOf(children);
		for (String field : decisionFields) {
			try {
				SoqlQuery.parse("SELECT " + field + " FROM Object");
			}
			catch (SoqlQuery.Unsupported ex) {
				throw new IllegalStateException("source '" + source + "': the decision reads '" + field
						+ "', which a SOQL select list cannot name, so its query endpoint could not be decided on");
			}
		}
		this.decisionFields = List.copyOf(decisionFields);
	}

	/**
	 * The request URI to send: the query rewritten to select what the decision needs.
	 * @param bestCase the caller's best-case decision
	 * @throws GatewayProblem {@code query-not-supported} for a missing, repeated or
	 * unsupported query; {@code operation-not-allowed} for an object or child
	 * relationship not declared, a relationship the mapping does not read, or a condition
	 * or ordering on a field the caller does not see as it is
	 */
	URI admit(URI uri, Decision bestCase) {
		String rawQuery = (uri.getRawQuery() != null) ? uri.getRawQuery() : "";
		List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < pairs.size(); i++) {
			if (decode(pairs.get(i).split("=", 2)[0]).equals(this.parameter)) {
				positions.add(i);
			}
		}
		if (positions.size() != 1) {
			throw GatewayProblem.of(ProblemType.QUERY_NOT_SUPPORTED,
					(positions.isEmpty())
							? "The query endpoint takes its query in the parameter '" + this.parameter + "'."
							: "The parameter '" + this.parameter + "' may be given once only.");
		}
		String[] pair = pairs.get(positions.get(0)).split("=", 2);
		SoqlQuery query;
		try {
			query = SoqlQuery.parse(decode((pair.length > 1) ? pair[1] : ""));
		}
		catch (SoqlQuery.Unsupported ex) {
			throw GatewayProblem.of(ProblemType.QUERY_NOT_SUPPORTED, ex.getMessage());
		}
		check(query);
		checkRelationships(query);
		checkConditions(query, bestCase);
		pairs.set(positions.get(0),
				pair[0] + "=" + URLEncoder.encode(query.selecting(this.decisionFields), StandardCharsets.UTF_8));
		return UriComponentsBuilder.fromUri(uri).replaceQuery(String.join("&", pairs)).build(true).toUri();
	}

	private void check(SoqlQuery query) {
		if (!this.objects.contains(query.object().toLowerCase(Locale.ROOT))) {
			throw GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED,
					"Source '" + this.source + "' allows no query of " + query.object() + ".");
		}
		for (String relationship : query.childRelationships()) {
			if (!this.childRelationships.contains(relationship.toLowerCase(Locale.ROOT))) {
				throw GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED,
						"Source '" + this.source + "' allows no query of the relationship " + relationship + ".");
			}
		}
	}

	/**
	 * Every field named, in the select lists and in the conditions, reaches no record but
	 * the queried one and its declared child relationships' own: its relationship, if
	 * any, is one the mapping reads.
	 */
	private void checkRelationships(SoqlQuery query) {
		Stream.concat(query.fields().stream(), query.conditionFields().stream())
			.forEach((field) -> readable(field, this.relationships, query.object()));
		for (SoqlQuery.Subquery subquery : query.subqueries()) {
			Child child = this.children.get(subquery.relationship().toLowerCase(Locale.ROOT));
			Set<String> relationships = (child != null) ? child.relationships() : Set.of();
			Stream.concat(subquery.fields().stream(), subquery.conditionFields().stream())
				.forEach((field) -> readable(field, relationships, subquery.relationship()));
		}
	}

	private void readable(String field, Set<String> relationships, String of) {
		int dot = field.lastIndexOf('.');
		if (dot >= 0 && !relationships.contains(field.substring(0, dot).toLowerCase(Locale.ROOT))) {
			throw GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED,
					"Source '" + this.source + "' allows no query through the relationship " + field.substring(0, dot)
							+ " of " + of + " (" + field + "): it reaches records the policy does not decide on.");
		}
	}

	/**
	 * Every field a WHERE or an ORDER BY names is one the caller sees as it is, on the
	 * best case, or one the decision reads.
	 */
	private void checkConditions(SoqlQuery query, Decision bestCase) {
		Map<String, String> view = new HashMap<>();
		this.paths.of(bestCase.sources().getOrDefault(this.source, Map.of()))
			.forEach((path, fieldView) -> view.merge(path.toLowerCase(Locale.ROOT), fieldView,
					SourcePathView::stricter));
		for (String field : query.conditionFields()) {
			if (!this.decisionPaths.contains(field.toLowerCase(Locale.ROOT))) {
				seenAsItIs(view, field, field);
			}
		}
		for (SoqlQuery.Subquery subquery : query.subqueries()) {
			Child child = this.children.get(subquery.relationship().toLowerCase(Locale.ROOT));
			for (String field : subquery.conditionFields()) {
				// Where the mapping reads nothing of the relationship, its fields are
				// unclassified.
				seenAsItIs(view, (child != null) ? child.elements() + field : Decision.UNCLASSIFIED,
						subquery.relationship() + " " + field);
			}
		}
	}

	private void seenAsItIs(Map<String, String> view, String path, String named) {
		String fieldView = view.getOrDefault(path.toLowerCase(Locale.ROOT),
				view.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY));
		if (!fieldView.equals(Decision.ALLOW)) {
			throw GatewayProblem.of(ProblemType.OPERATION_NOT_ALLOWED,
					"A query of source '" + this.source + "' may filter and sort only on fields you see as they are; "
							+ named
							+ " is not one: which records come back, and in which order, would tell its value.");
		}
	}

	/**
	 * {@code Primary_Contact__r.Account.Name}: {@code primary_contact__r},
	 * {@code primary_contact__r.account}.
	 */
	private static List<String> prefixes(String path) {
		List<String> prefixes = new ArrayList<>();
		for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
			prefixes.add(path.substring(0, dot).toLowerCase(Locale.ROOT));
		}
		return prefixes;
	}

	/**
	 * What the mapping reads of a child relationship.
	 *
	 * @param elements the source path of its records, up to a field
	 * ({@code Opportunities.records[].})
	 * @param relationships the relationships it reads from them, in lower case
	 */
	private record Child(String elements, Set<String> relationships) {
	}

	/** As the department reads a query string (a {@code +} is a space). */
	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw GatewayProblem.of(ProblemType.QUERY_NOT_SUPPORTED, "The query string is not validly encoded.");
		}
	}

	private static Set<String> lowerCase(List<String> names) {
		return names.stream().map((name) -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
	}

}
