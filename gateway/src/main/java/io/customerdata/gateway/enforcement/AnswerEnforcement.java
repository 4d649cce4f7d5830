package io.customerdata.gateway.enforcement;

import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.problem.ProblemResponses;
import io.customerdata.gateway.sources.FederationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * What enforcing a department's answer takes, shared by every {@link EnforcedResponse}:
 * the enforcer, the sources' definitions, the trail, and the largest answer read.
 */
record AnswerEnforcement(PassThroughEnforcer enforcer, FederationProperties federation, ProblemResponses problems,
		JsonMapper json, int maxResponseBytes, AuditTrail audit, MeterRegistry meters) {

}
