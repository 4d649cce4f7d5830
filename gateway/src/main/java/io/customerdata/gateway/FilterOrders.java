package io.customerdata.gateway;

import org.springframework.core.Ordered;

/**
 * Every order of the gateway's web and global filters, defined relative to each other in
 * one place. Web filters run for every request; global filters only for routed ones.
 */
public final class FilterOrders {

	/**
	 * The trace id header first, so that every response, even a rejection, carries it.
	 */
	public static final int TRACE_ID = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Paths are canonical before anything, routing and authorisation included, reads
	 * them.
	 */
	public static final int PATH_NORMALIZATION = TRACE_ID + 1;

	/** Method, media type and body size are checked before a token is even verified. */
	public static final int REQUEST_LIMITS = PATH_NORMALIZATION + 1;

	/**
	 * Spring Security's filter chain (its {@code WebFilterChainProxy}); every web filter
	 * above runs before it.
	 */
	public static final int SPRING_SECURITY = -100;

	/**
	 * Rate limits need the verified subject, so they come right after Spring Security.
	 */
	public static final int RATE_LIMITS = SPRING_SECURITY + 10;

	/** Upstream error bodies are replaced before Netty writes the response (order -1). */
	public static final int UPSTREAM_ERRORS = -2;

	/**
	 * The policy on the pass-through API: decided before the call, enforced on the
	 * answer. Its response decorator sits inside the upstream-error one, so that the
	 * problems it writes itself are not taken for a department's errors.
	 */
	public static final int DEPARTMENT_POLICY = UPSTREAM_ERRORS - 1;

	/** Identity headers are rewritten just before the request leaves for the upstream. */
	public static final int IDENTITY_HEADERS = 10_000;

	/**
	 * The gateway's own credentials for the department go on after the caller's are
	 * removed, and after the route has named its URL (Spring Cloud Gateway's
	 * {@code RouteToRequestUrlFilter}, order 10,000), whose base a token may change.
	 */
	public static final int UPSTREAM_CREDENTIALS = IDENTITY_HEADERS + 1;

	private FilterOrders() {
	}

}
