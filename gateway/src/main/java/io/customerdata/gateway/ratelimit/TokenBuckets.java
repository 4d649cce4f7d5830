package io.customerdata.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Where the buckets are kept. */
interface TokenBuckets {

	/**
	 * Takes one token from the bucket of {@code key} in {@code scope} ({@code subject} or
	 * {@code client}); {@code false} if it is empty.
	 */
	Mono<Boolean> tryTake(String scope, String key);

}
