package io.customerdata.gateway.enforcement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.customerdata.gateway.policy.PolicyInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What enforcing one answer held back and which records it disclosed, gathered record by
 * record, for the headers and the audit event.
 */
final class EnforcementTally {

	final Set<String> masked = new LinkedHashSet<>();

	final Set<String> withheld = new LinkedHashSet<>();

	final Set<String> records = new LinkedHashSet<>();

	@Nullable PolicyInput input;

	PassThroughEnforcer.Enforced result(JsonNode body) {
		return new PassThroughEnforcer.Enforced(body, List.copyOf(this.records), List.copyOf(this.masked),
				List.copyOf(this.withheld), this.input);
	}

}
