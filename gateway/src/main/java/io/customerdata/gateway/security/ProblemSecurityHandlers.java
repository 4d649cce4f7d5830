package io.customerdata.gateway.security;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemResponses;
import io.customerdata.gateway.problem.ProblemType;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers 401 and 403 as problem responses. A 401 says whether a token was missing or
 * unusable, never which check it failed, and carries the RFC 6750 challenge.
 */
@Component
class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	private final ProblemResponses problems;

	ProblemSecurityHandlers(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		boolean tokenPresented = ex instanceof InvalidBearerTokenException
				|| exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.WWW_AUTHENTICATE, tokenPresented
					? "Bearer realm=\"customer-data\", error=\"invalid_token\"" : "Bearer realm=\"customer-data\"");
		return this.problems.write(exchange,
				GatewayProblem.of(ProblemType.UNAUTHENTICATED,
						tokenPresented ? "The bearer token is invalid, expired or not meant for this gateway."
								: "A bearer token from the customer-data realm is required."));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return this.problems.write(exchange,
				GatewayProblem.forbidden("Your role does not grant access to this resource."));
	}

}
