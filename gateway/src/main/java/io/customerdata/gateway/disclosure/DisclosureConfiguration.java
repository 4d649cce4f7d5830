package io.customerdata.gateway.disclosure;

import io.customerdata.gateway.policy.PolicyStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Field enforcement and masking, as the unified view and the pass-through use them. */
@Configuration(proxyBeanMethods = false)
class DisclosureConfiguration {

	@Bean
	FieldEnforcer fieldEnforcer(PolicyStore policies, EnforcementProperties enforcement) {
		return new FieldEnforcer(new Masker(enforcement.pseudonymKey()),
				(field) -> policies.current().compiled().rangeBounds(field));
	}

}
