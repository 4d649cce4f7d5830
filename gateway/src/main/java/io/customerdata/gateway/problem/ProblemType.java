package io.customerdata.gateway.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The catalogue of problem types the gateway answers with (RFC 9457). The {@code type}
 * URI and {@code code} are stable: clients may switch on them. docs/errors.md lists them.
 */
public enum ProblemType {

	BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),

	INVALID_REFERENCE(HttpStatus.BAD_REQUEST, "Invalid customer reference"),

	UNKNOWN_PURPOSE(HttpStatus.BAD_REQUEST, "Unknown purpose"),

	/**
	 * A query to a source's query endpoint that the gateway cannot parse, or cannot
	 * decide on record by record (aggregates, {@code TYPEOF}, {@code FIELDS()},
	 * semi-joins); the detail says which.
	 */
	QUERY_NOT_SUPPORTED(HttpStatus.BAD_REQUEST, "Query not supported"),

	PURPOSE_REQUIRED(HttpStatus.BAD_REQUEST, "Purpose required"),

	/**
	 * A value longer than the audit trail records ({@code max_length} says how long it
	 * may be): refused before anything is recorded.
	 */
	VALUE_TOO_LONG(HttpStatus.BAD_REQUEST, "Value too long"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "Access denied"),

	/** The policy allows this caller nothing of this customer, for this purpose. */
	POLICY_DENIED(HttpStatus.FORBIDDEN, "Denied by policy"),

	/**
	 * The pass-through route allows only the operations the source declares (method,
	 * path, queried objects).
	 */
	OPERATION_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Operation not allowed"),

	CUSTOMER_NOT_FOUND(HttpStatus.NOT_FOUND, "Customer not found"),

	/**
	 * A policy document that fails its schema or makes no sense; {@code errors} lists
	 * each problem with its JSON pointer.
	 */
	POLICY_INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid policy document"),

	/**
	 * A policy change must be approved or rejected by another officer than its author.
	 */
	FOUR_EYES(HttpStatus.FORBIDDEN, "Second officer required"),

	/** The policy version is not in a state that allows this step. */
	POLICY_STATE_CONFLICT(HttpStatus.CONFLICT, "Not possible in this state"),

	/** The access request is not in a state that allows this step (decided, expired). */
	ACCESS_REQUEST_STATE_CONFLICT(HttpStatus.CONFLICT, "Not possible in this state"),

	/**
	 * A connection check of a source that defines no lookup to send: neither
	 * {@code check}, {@code email} nor {@code id} (a pass-through-only source).
	 */
	SOURCE_NOT_CHECKABLE(HttpStatus.CONFLICT, "Source cannot be checked"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	/** The request line is longer than the server reads (refused before routing). */
	URI_TOO_LONG(HttpStatus.URI_TOO_LONG, "Request URI too long"),
	/**
	 * The request's headers are larger than the server reads (refused before routing).
	 */
	HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large"),

	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	/**
	 * A department refused the request with a 4xx; its status is kept, its body is not.
	 */
	UPSTREAM_REJECTED(HttpStatus.UNPROCESSABLE_CONTENT, "Request rejected by the department"),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),

	UPSTREAM_ERROR(HttpStatus.BAD_GATEWAY, "Department application failed"),

	UPSTREAM_UNREACHABLE(HttpStatus.BAD_GATEWAY, "Department application unreachable"),

	UPSTREAM_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Department application unavailable"),

	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Department application timed out"),
	/**
	 * The department application acts as the caller (JWT bearer credentials), and the
	 * caller has no user there that the gateway can name, or the application refused it.
	 * The gateway never falls back to its own user.
	 */
	UPSTREAM_IDENTITY_REFUSED(HttpStatus.FORBIDDEN, "No identity in the department application"),
	/**
	 * The department application throttles the gateway, or the gateway's request budget
	 * for it is spent: try again later.
	 */
	UPSTREAM_RATE_LIMITED(HttpStatus.SERVICE_UNAVAILABLE, "Department application rate-limited"),

	/** Every source the caller may see something of failed: nothing usable remains. */
	SOURCES_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Customer data sources unavailable"),

	/** The policy could not be evaluated; no decision means no data. */
	POLICY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Policy decision unavailable"),

	/**
	 * The subject or the client has used up its rate limit for now (with Retry-After).
	 */
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	/**
	 * The disclosure could not be audited (database down and spool full): refused rather
	 * than made unaudited.
	 */
	AUDIT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Audit trail unavailable");

	private static final String TYPE_PREFIX = "urn:customer-data-gateway:problem:";

	private final HttpStatus status;

	private final String title;

	ProblemType(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	/** Kebab-case name, e.g. {@code upstream-timeout}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public URI type() {
		return URI.create(TYPE_PREFIX + code());
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

}
