package io.customerdata.gateway.security;

import io.customerdata.gateway.federation.FederationProperties;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Interim access rule for {@code /api/v1/departments/{source}/**}: a caller reaches only
 * the application its own department is in charge of. Unknown sources are denied. The
 * policy engine replaces this rule.
 */
@Component
class OwnDepartmentRule implements ReactiveAuthorizationManager<AuthorizationContext> {

	private final FederationProperties federation;

	OwnDepartmentRule(FederationProperties federation) {
		this.federation = federation;
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		String sourceId = (String) context.getVariables().get("source");
		return authentication.filter(SubjectAuthentication.class::isInstance)
			.cast(SubjectAuthentication.class)
			.map((subject) -> (AuthorizationResult) new AuthorizationDecision(mayReach(subject.subject(), sourceId)))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

	boolean mayReach(Subject subject, String sourceId) {
		return this.federation.source(sourceId)
			.map((source) -> source.department().equals(subject.department()))
			.orElse(false);
	}

}
