package io.customerdata.gateway.sources.connector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The connection check's one request to a source, through its own client (credentials,
 * request budget, throttle), and what came of it, in words an operator acts on. The
 * credentials are had first, so that a failure says whether the gateway could not
 * authenticate or the source refused what it asked.
 */
public final class SourceProbe {

	/** The source answered; its status and body are in the result. */
	public static final String ANSWERED = "answered";

	private SourceProbe() {
	}

	/**
	 * @param outcome {@value #ANSWERED}, {@code unauthenticated} (a 401 to fresh
	 * credentials, or the token endpoint refused the client), {@code identity-refused}
	 * (JWT bearer: no user of the caller's in the source), {@code forbidden} (403),
	 * {@code rejected} (another 4xx), {@code failed} (5xx), {@code rate-limited},
	 * {@code token-unavailable}, {@code credentials-unavailable} (a secret not set or
	 * unreadable), {@code timeout}, {@code unreachable} or {@code error}
	 * @param authentication {@code ok}, {@code failed}, {@code refused} or
	 * {@code unknown} (nothing answered that tells)
	 * @param status the source's HTTP status, if it answered one
	 * @param body the source's answer, if it answered one with a body
	 */
	public record Result(String outcome, String authentication, @Nullable Integer status, @Nullable JsonNode body,
			long latencyMillis) {

		public boolean answered() {
			return this.outcome.equals(ANSWERED);
		}

	}

	public static Mono<Result> send(SourceClient client, RequestTemplate template, Map<String, String> values,
			Duration timeout) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return client.credentials()
				.authorization()
				.onErrorMap((ex) -> new Failure(credentialsFailure(ex)))
				.then(client.probe(template, values))
				.map((answer) -> new Result(ANSWERED, "ok", answer.status(), answer.body(), millisSince(start)))
				.timeout(timeout)
				.onErrorResume((ex) -> Mono.just(failed(ex, millisSince(start))));
		});
	}

	private static Result failed(Throwable ex, long latency) {
		if (ex instanceof Failure failure) {
			return failure.result(latency);
		}
		if (ex instanceof SourceErrors.Rejected rejected) {
			return switch (rejected.status()) {
				case 401 -> new Result("unauthenticated", "failed", 401, null, latency);
				case 403 -> new Result("forbidden", "ok", 403, null, latency);
				default -> new Result("rejected", "ok", rejected.status(), null, latency);
			};
		}
		if (ex instanceof SourceErrors.Failed failed) {
			return new Result("failed", "unknown", failed.status(), null, latency);
		}
		if (ex instanceof SourceErrors.RateLimited) {
			return new Result("rate-limited", "unknown", null, null, latency);
		}
		if (ex instanceof TimeoutException) {
			return new Result("timeout", "unknown", null, null, latency);
		}
		if (ex instanceof WebClientRequestException) {
			return new Result("unreachable", "unknown", null, null, latency);
		}
		return new Result("error", "unknown", null, null, latency);
	}

	/** What a failure to have credentials says, before the source is called. */
	private static Result credentialsFailure(Throwable ex) {
		if (ex instanceof TokenEndpoint.GrantRefused || ex instanceof TokenEndpoint.ClientRefused) {
			return new Result("unauthenticated", "failed", null, null, 0);
		}
		if (ex instanceof SourceErrors.IdentityRefused) {
			return new Result("identity-refused", "refused", null, null, 0);
		}
		if (ex instanceof TokenEndpoint.TokenUnavailable) {
			return new Result("token-unavailable", "unknown", null, null, 0);
		}
		if (ex instanceof WebClientRequestException) {
			return new Result("unreachable", "unknown", null, null, 0);
		}
		return new Result("credentials-unavailable", "unknown", null, null, 0);
	}

	/** A credentials failure, classified where its cause is known. */
	private static final class Failure extends RuntimeException {

		private final Result result;

		Failure(Result result) {
			super(result.outcome(), null, false, false);
			this.result = result;
		}

		Result result(long latency) {
			return new Result(this.result.outcome(), this.result.authentication(), null, null, latency);
		}

	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
