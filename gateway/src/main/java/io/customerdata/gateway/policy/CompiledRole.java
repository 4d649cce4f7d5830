package io.customerdata.gateway.policy;

import org.jspecify.annotations.Nullable;

/** A role as the compiled policy keeps it: its clearance as a rank. */
record CompiledRole(String name, String department, int clearance, @Nullable String defaultPurpose,
		boolean regionScoped) {
}
