package io.customerdata.gateway.access;

import java.time.Clock;

import javax.sql.DataSource;

import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.audit.AuditedRefusals;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.PolicyStore;
import io.customerdata.gateway.policyadmin.PolicyAdministrationProperties;
import io.customerdata.gateway.policyadmin.PolicyDrafts;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Access requests and personal grants. They live in the database, beside the policy
 * versions: with {@code gateway.policy.source=file} there are none, and
 * {@code /api/v1/access-requests} is not found.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
class AccessRequestConfiguration {

	@Bean
	AccessRequests accessRequests(DataSource dataSource, JsonMapper json, PlatformTransactionManager transactions,
			PolicyStore store, PolicyDrafts drafts, AccessRequestProperties properties, Clock clock) {
		return new AccessRequests(new AccessRequestRepository(dataSource, json), new TransactionTemplate(transactions),
				store, drafts, properties, clock);
	}

	@Bean
	AccessRequestWebhook accessRequestWebhook(WebClient.Builder clients, AccessRequestProperties properties,
			JsonMapper json, Clock clock, MeterRegistry meters) {
		return new AccessRequestWebhook(clients, properties.webhook(), json, clock, meters);
	}

	@Bean
	GrantPublisher grantPublisher(AccessRequests requests, PolicyStore store, AuditTrail audit,
			AccessRequestWebhook webhook, AccessRequestProperties properties,
			PolicyAdministrationProperties administration) {
		return new GrantPublisher(requests, store, audit, webhook, administration.pollInterval(),
				properties.sweepInterval());
	}

	@Bean
	AccessRequestSteps accessRequestSteps(AccessRequests requests, AuditTrail audit, AccessRequestWebhook webhook,
			GrantPublisher publisher, JsonMapper json) {
		return new AccessRequestSteps(requests, audit, webhook, publisher, json);
	}

	/** Answers that withhold something say how to ask for it. */
	@Bean
	AccessHints accessHints(AccessRequestProperties properties) {
		return AccessHints.proposing(properties.suggestedDuration());
	}

	@Bean
	RequestSimulation requestSimulation(PolicyStore store) {
		return new RequestSimulation(store);
	}

}
