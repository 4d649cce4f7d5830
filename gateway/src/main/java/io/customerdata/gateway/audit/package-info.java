/**
 * The audit trail: one durable event per request for customer data (who, which records,
 * which fields by name, why, under which policy version), written in batches off the
 * event loop to the database or, while it is away, to a bounded local spool; searchable
 * by security officers.
 */
@NullMarked
package io.customerdata.gateway.audit;

import org.jspecify.annotations.NullMarked;
