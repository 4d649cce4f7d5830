package io.customerdata.gateway.security;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's exchange firewall refuses requests the path normalisation let through
 * (an encoded line break, say) with a bare 400; here they get a problem document like
 * every other refusal. The exception's message, which quotes the request, is not passed
 * on.
 */
@Component
class ProblemExchangeRejectedHandler implements ServerExchangeRejectedHandler {

	private final ProblemResponses problems;

	ProblemExchangeRejectedHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
		return this.problems.write(exchange,
				GatewayProblem.badRequest("The request has characters or parts the gateway does not accept."));
	}

}
