package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.customerdata.gateway.federation.FederationProperties;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * A source's query endpoint on the pass-through route (Salesforce's
 * {@code /services/data/vXX.X/query?q=…}): the query must be one the gateway understands,
 * of objects the source declares, and it is sent selecting what the decision on each
 * record needs (the record id and the fields the mapping reads the customer's attributes
 * from), so that no record comes back without what says whose it is. The fields added are
 * mapped fields: they leave only as the caller's field views allow.
 */
final class QueryEndpoint {

	private final String source;

	private final String parameter;

	private final Set<String> objects;

	private final Set<String> childRelationships;

	private final List<String> decisionFields;

	/**
	 * @param decisionFields the source paths a decision reads ({@code Id},
	 * {@code Region__c}, …); each must be a field a select list can name
	 * @throws IllegalStateException if one cannot be selected
	 */
	QueryEndpoint(String source, FederationProperties.Query query, List<String> decisionFields) {
		this.source = source;
		this.parameter = query.parameter();
		this.objects = lowerCase(query.objects());
		this.childRelationships = lowerCase(query.childRelationships());
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
	 * @throws GatewayProblem {@code query-not-supported} for a missing, repeated or
	 * unsupported query; {@code operation-not-allowed} for an object not declared
	 */
	URI admit(URI uri) {
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
