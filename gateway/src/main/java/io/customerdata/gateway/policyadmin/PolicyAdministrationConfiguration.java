package io.customerdata.gateway.policyadmin;

import java.io.IOException;
import java.time.Clock;

import javax.sql.DataSource;

import io.customerdata.gateway.audit.AuditDatabase;
import io.customerdata.gateway.audit.AuditedDecisions;
import io.customerdata.gateway.policy.DecisionTable;
import io.customerdata.gateway.policy.PolicyProperties;
import io.customerdata.gateway.policy.PolicyReader;
import io.customerdata.gateway.policy.PolicyStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policy versions in the database, the default source of the policy in force. With
 * {@code gateway.policy.source=file} none of this exists and {@code /admin/policies} is
 * not found.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
class PolicyAdministrationConfiguration {

	@Bean
	PolicyVersionRepository policyVersionRepository(DataSource dataSource) {
		return new PolicyVersionRepository(dataSource);
	}

	@Bean
	PolicyAdministration policyAdministration(PolicyVersionRepository versions, PlatformTransactionManager transactions,
			JsonMapper json) {
		return new PolicyAdministration(versions, new TransactionTemplate(transactions), new PolicyReader(json), json,
				Clock.systemUTC());
	}

	@Bean
	PolicyDrafts policyDrafts(PolicyAdministration administration, JsonMapper json) {
		return new PolicyDrafts(administration, json);
	}

	@Bean
	PolicySimulation policySimulation(PolicyAdministration administration, JsonMapper json, AuditedDecisions audited)
			throws IOException {
		return new PolicySimulation(administration, new PolicyReader(json), json, audited, DecisionTable.builtIn(json));
	}

	@Bean
	PolicyPublisher policyPublisher(PolicyVersionRepository versions, PlatformTransactionManager transactions,
			JsonMapper json, PolicyStore store, PolicyProperties policy, PolicyAdministrationProperties properties,
			AuditDatabase database) {
		FirstPolicyImport firstImport = new FirstPolicyImport(versions, new TransactionTemplate(transactions),
				new PolicyReader(json), json, Clock.systemUTC());
		return new PolicyPublisher(versions, firstImport, store, properties.pollInterval(), store.current().document(),
				policy.document().getDescription(), new PolicyCache(properties.cacheDirectory()), database);
	}

}
