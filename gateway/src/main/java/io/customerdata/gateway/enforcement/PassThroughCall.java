package io.customerdata.gateway.enforcement;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;

/**
 * One admitted call on the pass-through route, as its answer is enforced: the source and
 * the path below it, the policy version the call was admitted under (pinned, so that the
 * answer is decided by the same one), the caller, their best-case decision, and the audit
 * event being built.
 */
record PassThroughCall(String source, String path, PolicyDecisionPoint policy, PolicyInput.Subject who, Decision best,
		AuditEvent.Builder event) {

}
