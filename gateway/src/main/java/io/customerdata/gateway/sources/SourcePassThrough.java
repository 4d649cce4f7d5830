package io.customerdata.gateway.sources;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What {@code /api/v1/departments/{id}/**} may ask of the source. The gateway presents
 * its own credentials there, so without this list every caller could do whatever the
 * integration user may; with it, a request that matches no operation is refused before it
 * leaves.
 *
 * @param operations operation name to operation; a map, so that a source's own entries
 * add to its preset's (and override those of the same name)
 */
public record SourcePassThrough(@Nullable Map<String, @Valid Operation> operations) {

	/** Nothing: every pass-through request is refused. */
	public static final SourcePassThrough NONE = new SourcePassThrough(Map.of());

	public SourcePassThrough {
		operations = (operations != null) ? operations : Map.of();
	}

	/**
	 * One operation the pass-through route allows.
	 *
	 * @param method the HTTP method. Methods other than {@code GET} are writes, which
	 * only the source's own department sends; {@code HEAD} is never passed on (its answer
	 * has no body to decide records on)
	 * @param path the path pattern below the source's base URL, as Spring's
	 * {@code PathPattern} reads it: {@code /accounts/{id}},
	 * {@code /services/data/{version:v\d+\.\d}/query}, {@code /echo/**}; matched against
	 * the path as sent, undecoded
	 * @param query for a query endpoint, the query language it takes and what may be
	 * queried
	 * @param parameters the query parameters the operation accepts, by name as the source
	 * reads it; any other is refused. A query endpoint's own parameter is not listed
	 * here: its query is checked as a whole
	 */
	public record Operation(@NotNull @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE") String method,
			@NotBlank @Pattern(regexp = "/.*") String path, @Nullable @Valid Query query,
			@Nullable Map<String, @Valid Parameter> parameters) {

		public Operation {
			parameters = (parameters != null) ? parameters : Map.of();
		}

	}

	/**
	 * A query parameter an operation accepts. Which records come back for a filter or a
	 * search tells what the fields it matches on hold, so the gateway admits one only
	 * from a caller who sees every one of them as it is.
	 *
	 * @param kind what the parameter does to the answer
	 * @param paths for a filter or a search, the source paths it matches on
	 * ({@code primaryContact.email}), as the mapping reads them; a path the mapping does
	 * not read is seen as the source's {@code *}. None for paging or a selection
	 */
	public record Parameter(@NotNull ParameterKind kind, @Nullable List<@NotBlank String> paths) {

		public Parameter {
			paths = (paths != null) ? paths : List.of();
		}

	}

	public enum ParameterKind {

		/** Keeps the records whose fields at its paths equal, or match, its value. */
		FILTER,

		/** Free text, matched against each of its paths. */
		SEARCH,

		/** Which page of the answer, or how large: not which records match. */
		PAGING,

		/**
		 * Which fields the answer carries ({@code properties}); they leave only as the
		 * caller's field views allow, like any other.
		 */
		SELECT

	}

	/**
	 * A query endpoint: the gateway parses the query, refuses what it cannot decide on,
	 * and makes it select what the decision needs (the record id and the fields the
	 * mapping reads the customer's region, sensitivity and consents from).
	 *
	 * @param parameter the query parameter holding the query ({@code q})
	 * @param dialect the query language
	 * @param objects the objects that may be queried ({@code FROM Account}); the source's
	 * mapping must describe their records
	 * @param childRelationships the child relationships that may be queried in the select
	 * list's subqueries ({@code (SELECT Amount FROM Opportunities)})
	 */
	public record Query(@NotBlank String parameter, @NotNull QueryDialect dialect, @NotEmpty List<String> objects,
			@Nullable List<String> childRelationships) {

		public Query {
			childRelationships = (childRelationships != null) ? childRelationships : List.of();
		}

	}

	public enum QueryDialect {

		/** Salesforce's Object Query Language. */
		SOQL

	}

}
