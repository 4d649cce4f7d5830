package io.customerdata.gateway.policy;

import reactor.core.publisher.Mono;

/**
 * Answers what a subject may see. Implementations never fail: anything they cannot decide
 * is a deny ({@code evaluation-error}), so that no decision means no data.
 */
public interface PolicyDecisionPoint {

	Mono<Decision> decide(PolicyInput input);

}
