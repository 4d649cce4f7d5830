package io.customerdata.gateway.problem;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.unit.DataSize;

/**
 * An expected failure that the caller is told about as a problem response. The detail is
 * written for the caller: it never holds field values, tokens or upstream bodies.
 */
public final class GatewayProblem extends RuntimeException {

	private final ProblemType type;

	private final HttpStatusCode status;

	private GatewayProblem(ProblemType type, HttpStatusCode status, String detail) {
		super(detail, null, false, false);
		this.type = type;
		this.status = status;
	}

	public static GatewayProblem of(ProblemType type, String detail) {
		return new GatewayProblem(type, type.status(), detail);
	}

	public static GatewayProblem badRequest(String detail) {
		return of(ProblemType.BAD_REQUEST, detail);
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
				"The department application rejected the request with status " + status.value() + ".");
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

}
