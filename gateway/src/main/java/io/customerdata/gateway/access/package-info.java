/**
 * Demand-driven sharing: access requests filed from the answer that withheld the fields,
 * decided by security officers into personal, time-bound grants (policy data both
 * evaluators read) or role-wide drafts; every step audited and announced by webhook.
 */
@NullMarked
package io.customerdata.gateway.access;

import org.jspecify.annotations.NullMarked;
