package io.customerdata.gateway.policyadmin;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A step in a version's life: who took it, when and why.
 *
 * @param from the state before; none for a version's creation
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PolicyTransition(long versionId, @Nullable PolicyState from, PolicyState to, String actor, Instant at,
		@Nullable String comment) {

}
