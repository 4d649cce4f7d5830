package io.customerdata.gateway.problem;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.unit.DataSize;

/**
 * An expected failure that the caller is told about as a problem response. The detail is
 * written for the caller: it never holds field values, tokens or upstream bodies.
 */
public final class GatewayProblem extends RuntimeException {

	private final ProblemType type;

	private final HttpStatusCode status;

	private final @Nullable String reason;

	private final Map<String, Object> extensions;

	private GatewayProblem(ProblemType type, HttpStatusCode status, String detail, @Nullable String reason) {
		this(type, status, detail, reason, Map.of());
	}

	private GatewayProblem(ProblemType type, HttpStatusCode status, String detail, @Nullable String reason,
			Map<String, Object> extensions) {
		super(detail, null, false, false);
		this.type = type;
		this.status = status;
		this.reason = reason;
		this.extensions = Map.copyOf(extensions);
	}

	public static GatewayProblem of(ProblemType type, String detail) {
		return new GatewayProblem(type, type.status(), detail, null);
	}

	/**
	 * A refusal by the policy, with the decision's reason code ({@code out-of-region})
	 * for the audit trail.
	 */
	public static GatewayProblem refusal(ProblemType type, String detail, String reason) {
		return new GatewayProblem(type, type.status(), detail, reason);
	}

	/** A refusal by the policy with further members: how to ask for access, say. */
	public static GatewayProblem refusal(ProblemType type, String detail, String reason,
			Map<String, Object> extensions) {
		return new GatewayProblem(type, type.status(), detail, reason, extensions);
	}

	/**
	 * A problem with further members beside the standard ones, such as the list of
	 * {@code errors} of an invalid document.
	 */
	public static GatewayProblem withExtensions(ProblemType type, String detail, Map<String, Object> extensions) {
		return new GatewayProblem(type, type.status(), detail, null, extensions);
	}

	public static GatewayProblem badRequest(String detail) {
		return of(ProblemType.BAD_REQUEST, detail);
	}

	/**
	 * A value the caller sent that is longer than the audit trail records.
	 * @param what the value, as the caller names it ({@code X-Purpose}, {@code customer})
	 */
	public static GatewayProblem tooLong(String what, int maxLength) {
		return withExtensions(ProblemType.VALUE_TOO_LONG, what + " has at most " + maxLength + " characters.",
				Map.of("max_length", maxLength));
	}

	public static GatewayProblem forbidden(String detail) {
		return of(ProblemType.FORBIDDEN, detail);
	}

	public static GatewayProblem payloadTooLarge(DataSize limit) {
		return of(ProblemType.PAYLOAD_TOO_LARGE,
				"The request body exceeds the limit of " + limit.toKilobytes() + " KB.");
	}

	/** A department's 4xx, passed on with its status but without its body. */
	public static GatewayProblem upstreamRejected(HttpStatusCode status) {
		return new GatewayProblem(ProblemType.UPSTREAM_REJECTED, status,
				"The department application rejected the request with status " + status.value() + ".", null);
	}

	public ProblemType type() {
		return this.type;
	}

	public HttpStatusCode status() {
		return this.status;
	}

	public String detail() {
		return getMessage();
	}

	/** Members of the problem beyond type, title, status, detail, code and traceId. */
	public Map<String, Object> extensions() {
		return this.extensions;
	}

	/** Whether the policy refused: the problem carries a decision's reason code. */
	public boolean refusedByPolicy() {
		return this.reason != null;
	}

	/** The policy's reason code if the policy refused; otherwise the problem's code. */
	public String reason() {
		return (this.reason != null) ? this.reason : this.type.code();
	}

}
