package io.customerdata.departments.support;

import java.time.Instant;

/** A help-desk ticket raised by a requester. */
public record Ticket(long id, long requesterId, String subject, String description, String status, String priority,
		Instant createdAt, Instant updatedAt) {
}
