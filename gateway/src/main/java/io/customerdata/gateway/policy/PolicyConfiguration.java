package io.customerdata.gateway.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the configured policy at start-up. An invalid document stops the gateway with
 * every violation listed: it never starts on a policy it cannot enforce.
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

	@Bean
	EmbeddedPolicyDecisionPoint embeddedPolicyDecisionPoint(PolicyProperties properties) {
		CompiledPolicy policy = new PolicyReader().read(properties.document());
		log.info("Policy version {} active ({})", policy.version(), properties.document().getDescription());
		return new EmbeddedPolicyDecisionPoint(policy, properties.cacheSize());
	}

}
