package io.customerdata.gateway.policyadmin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One stored version of the policy document.
 *
 * @param id the version's number, in order of creation
 * @param version the label every decision and audit event reports (the document's
 * {@code version})
 * @param basedOn the version that was in force when it was drafted: it can only be
 * published while that one still is
 * @param rolledBackFrom for a rollback, the earlier version it republishes
 * @param document the policy document, as JSON
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PolicyVersion(long id, String version, PolicyState state, String author, Instant createdAt,
		Instant updatedAt, @Nullable Long basedOn, @Nullable Long rolledBackFrom, @Nullable Instant publishedAt,
		@JsonIgnore String document) {

}
