package io.customerdata.gateway.insights;

import java.time.Clock;

import javax.sql.DataSource;

import io.customerdata.gateway.access.AccessRequests;
import io.customerdata.gateway.policy.PolicyStore;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Insights, where access requests are: with the policy in the database.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
class InsightsConfiguration {

	@Bean
	InsightRepository insightRepository(DataSource dataSource, PlatformTransactionManager transactions,
			JsonMapper json) {
		return new InsightRepository(dataSource, new TransactionTemplate(transactions), json);
	}

	@Bean
	Insights insights(InsightRepository repository, AccessRequests requests, PolicyStore store,
			InsightsProperties properties, Clock clock) {
		return new Insights(repository, requests, store, properties, clock);
	}

	@Bean
	InsightAggregator insightAggregator(InsightRepository repository, PolicyStore store, Insights insights,
			InsightsProperties properties, Clock clock, MeterRegistry meters) {
		InsightGauges gauges = new InsightGauges(insights, store, properties, meters);
		return new InsightAggregator(repository, store, clock, properties.refreshInterval(), gauges::update);
	}

}
