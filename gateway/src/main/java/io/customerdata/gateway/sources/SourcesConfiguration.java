package io.customerdata.gateway.sources;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.customerdata.gateway.policy.PolicyStore;
import io.customerdata.gateway.sources.connector.SourceClients;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The sources: one client per source, one connector per source that defines lookups and a
 * mapping, their shapes, and the customer attributes their records carry.
 */
@Configuration(proxyBeanMethods = false)
class SourcesConfiguration {

	@Bean
	SourceClients sourceClients(FederationProperties federation, WebClient.Builder clients, MeterRegistry meters) {
		return new SourceClients(federation, clients, Clock.systemUTC(), meters);
	}

	@Bean
	SourceConnectors sourceConnectors(FederationProperties federation, MeterRegistry meters, SourceClients clients,
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
		return new SourceConnectors(connectors);
	}

	/** The customer attributes as the policy in force declares their provenance. */
	@Bean
	CustomerAttributes customerAttributes(PolicyStore policies) {
		return new CustomerAttributes(() -> policies.current().compiled());
	}

	@Bean
	SourceChecks sourceChecks(FederationProperties federation, SourceClients clients) {
		return new SourceChecks(federation, clients);
	}

	@Bean
	SourceShapes sourceShapes(FederationProperties federation, SourceConnectors connectors,
			CustomerAttributes attributes) {
		return new SourceShapes(federation, connectors.byId(), attributes);
	}

}
