package io.customerdata.gateway.federation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.customerdata.gateway.enforcement.EnforcementProperties;
import io.customerdata.gateway.enforcement.FieldEnforcer;
import io.customerdata.gateway.enforcement.Masker;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;

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
	CustomerViewService customerViewService(FederationProperties federation, EmbeddedPolicyDecisionPoint policy,
			EnforcementProperties enforcement) {
		IdentityKeys.loadPhoneMetadata();
		Map<String, SourceConnector> connectors = new LinkedHashMap<>();
		WebClient.Builder clients = WebClient.builder();
		federation.sources().forEach((id, source) -> {
			if (source.federated()) {
				connectors.put(id, new SourceConnector(id, source, clients));
			}
		});
		return new CustomerViewService(new CustomerResolver(connectors), connectors.keySet(), policy,
				new FieldEnforcer(new Masker(enforcement.pseudonymKey()), policy::rangeBounds));
	}

}
