/**
 * Rate limits per subject and per client: token buckets in memory on a single node, in
 * Redis (Spring Cloud Gateway's {@code RedisRateLimiter}) when replicas share them.
 */
@NullMarked
package io.customerdata.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
