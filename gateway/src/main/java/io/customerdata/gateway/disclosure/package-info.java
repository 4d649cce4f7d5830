/**
 * What leaves of a record under a decision: each field allowed, masked (by the policy's
 * masking table, with pseudonyms keyed by a secret) or withheld, and counted. The unified
 * view and the pass-through API both disclose through it.
 */
@NullMarked
package io.customerdata.gateway.disclosure;

import org.jspecify.annotations.NullMarked;
