package io.customerdata.gateway.federation;

import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyProperties;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.SourceConnectors;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The unified view on the sources' connectors: the view and search services, and the
 * customer links officers' tools resolve references with.
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

	@Bean
	Disclosure disclosure(FieldEnforcer enforcer, MeterRegistry meters) {
		return new Disclosure(enforcer, meters);
	}

	@Bean
	CustomerViewService customerViewService(SourceConnectors connectors, PolicyDecisionPoint policy,
			Disclosure disclosure, PolicyProperties properties, AccessHints hints, CustomerAttributes attributes) {
		return new CustomerViewService(new CustomerResolver(connectors.byId()), connectors.byId().keySet(), policy,
				disclosure, properties.hideExistence(), hints, attributes);
	}

	@Bean
	CustomerSearchService customerSearchService(SourceConnectors connectors, PolicyDecisionPoint policy,
			Disclosure disclosure, AccessHints hints, CustomerAttributes attributes) {
		return new CustomerSearchService(connectors.byId(), policy, disclosure, hints, attributes);
	}

	@Bean
	CustomerLinks customerLinks(SourceConnectors connectors, CustomerAttributes attributes) {
		return new CustomerLinks(new CustomerResolver(connectors.byId()), connectors.byId().keySet(), attributes);
	}

}
