package io.customerdata.departments.crm;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.customerdata.departments.DepartmentProperties;
import io.customerdata.departments.saas.IssuedTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What a Salesforce user's profile lets them read. To a user without read access to an
 * object, Salesforce behaves as if the object were not there: a query of it is a 400
 * {@code INVALID_TYPE} ("sObject type 'X' is not supported"), a record of it a 404
 * {@code NOT_FOUND}. The integration user (a client-credentials token) reads everything.
 */
@Component
@ConditionalOnProperty(name = "department.name", havingValue = "crm")
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
class ObjectPermissions {

	private final Map<String, Set<String>> readable;

	ObjectPermissions(DepartmentProperties department) {
		this.readable = department.saas()
			.users()
			.stream()
			.collect(Collectors.toUnmodifiableMap(DepartmentProperties.SaasUser::username,
					(user) -> user.objects().stream().map(ObjectPermissions::key).collect(Collectors.toSet())));
	}

	/** Salesforce's refusal of a query, if the session's user may not read its object. */
	Optional<ResponseEntity<?>> query(IssuedTokens.Session session, String soql) {
		String object = queriedObject(soql);
		if (object == null || mayRead(session, object)) {
			return Optional.empty();
		}
		return Optional.of(ResponseEntity.badRequest()
			.body(SalesforceRecords.error("INVALID_TYPE", "sObject type '" + object
					+ "' is not supported. If you are attempting to use a custom object, be sure to append the '__c'"
					+ " after the entity name. Please reference your WSDL or the describe call for the appropriate names.")));
	}

	/**
	 * Salesforce's refusal of a record, if the session's user may not read its object.
	 */
	Optional<ResponseEntity<?>> read(IssuedTokens.Session session, String object) {
		return mayRead(session, object) ? Optional.empty() : Optional.of(ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(SalesforceRecords.error("NOT_FOUND", "The requested resource does not exist")));
	}

	private boolean mayRead(IssuedTokens.Session session, String object) {
		return session.user() == null || this.readable.getOrDefault(session.user(), Set.of()).contains(key(object));
	}

	/**
	 * The object a query selects from: the name after its outermost {@code FROM} (a
	 * sub-query's {@code FROM} names a relationship, inside parentheses), or none if
	 * there is no such clause (the parser then refuses the query).
	 */
	static @Nullable String queriedObject(String soql) {
		int depth = 0;
		boolean quoted = false;
		for (int at = 0; at < soql.length(); at++) {
			char c = soql.charAt(at);
			if (quoted) {
				if (c == '\\') {
					at++;
				}
				else if (c == '\'') {
					quoted = false;
				}
			}
			else if (c == '\'') {
				quoted = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (depth == 0 && soql.regionMatches(true, at, "FROM", 0, 4) && boundary(soql, at - 1)
					&& boundary(soql, at + 4)) {
				int start = at + 4;
				while (start < soql.length() && Character.isWhitespace(soql.charAt(start))) {
					start++;
				}
				int end = start;
				while (end < soql.length()
						&& (Character.isLetterOrDigit(soql.charAt(end)) || soql.charAt(end) == '_')) {
					end++;
				}
				return (end > start) ? soql.substring(start, end) : null;
			}
		}
		return null;
	}

	private static boolean boundary(String text, int at) {
		return at < 0 || at >= text.length() || Character.isWhitespace(text.charAt(at));
	}

	private static String key(String object) {
		return object.toLowerCase(Locale.ROOT);
	}

}
