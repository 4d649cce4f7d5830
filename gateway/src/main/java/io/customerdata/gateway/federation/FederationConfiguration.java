package io.customerdata.gateway.federation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.customerdata.gateway.enforcement.EnforcementProperties;
import io.customerdata.gateway.enforcement.FieldEnforcer;
import io.customerdata.gateway.enforcement.Masker;
import io.customerdata.gateway.federation.connector.SourceClients;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.customerdata.gateway.policy.PolicyStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One connector per source that defines lookups and a mapping, and the view built on
 * them.
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

	@Bean
	SourceClients sourceClients(FederationProperties federation, WebClient.Builder clients, MeterRegistry meters) {
		return new SourceClients(federation, clients, Clock.systemUTC(), meters);
	}

	@Bean
	Connectors connectors(FederationProperties federation, MeterRegistry meters, SourceClients clients,
			ObservationRegistry observations) {
		IdentityKeys.loadPhoneMetadata();
		CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
		Map<String, SourceConnector> connectors = new LinkedHashMap<>();
		federation.sources().forEach((id, source) -> {
			if (source.federated()) {
				connectors.put(id,
						new SourceConnector(id, source, clients.get(id).orElseThrow(), breakers, observations, meters));
			}
		});
		return new Connectors(connectors);
	}

	@Bean
	FieldEnforcer fieldEnforcer(PolicyStore policies, EnforcementProperties enforcement) {
		return new FieldEnforcer(new Masker(enforcement.pseudonymKey()),
				(field) -> policies.current().compiled().rangeBounds(field));
	}

	@Bean
	Disclosure disclosure(FieldEnforcer enforcer, MeterRegistry meters) {
		return new Disclosure(enforcer, meters);
	}

	/** The customer attributes as the policy in force declares their provenance. */
	@Bean
	CustomerAttributes customerAttributes(PolicyStore policies) {
		return new CustomerAttributes(() -> policies.current().compiled());
	}

	@Bean
	SourceShapes sourceShapes(FederationProperties federation, Connectors connectors, CustomerAttributes attributes) {
		return new SourceShapes(federation, connectors.byId(), attributes);
	}

	@Bean
	CustomerViewService customerViewService(Connectors connectors, PolicyDecisionPoint policy, Disclosure disclosure,
			PolicyProperties properties, AccessHints hints, CustomerAttributes attributes) {
		return new CustomerViewService(new CustomerResolver(connectors.byId()), connectors.byId().keySet(), policy,
				disclosure, properties.hideExistence(), hints, attributes);
	}

	@Bean
	CustomerSearchService customerSearchService(Connectors connectors, PolicyDecisionPoint policy,
			Disclosure disclosure, AccessHints hints, CustomerAttributes attributes) {
		return new CustomerSearchService(connectors.byId(), policy, disclosure, hints, attributes);
	}

	@Bean
	CustomerLinks customerLinks(Connectors connectors, CustomerAttributes attributes) {
		return new CustomerLinks(new CustomerResolver(connectors.byId()), connectors.byId().keySet(), attributes);
	}

	@Bean
	SourceChecks sourceChecks(FederationProperties federation, SourceClients clients) {
		return new SourceChecks(federation, clients);
	}

	/** The federated sources' connectors, in configuration (merge precedence) order. */
	record Connectors(Map<String, SourceConnector> byId) {
	}

}
