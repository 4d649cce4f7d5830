package io.customerdata.gateway.audit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit trail: its tables, spool, writer and retention. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditRepository auditRepository(DataSource dataSource, PlatformTransactionManager transactions) {
		return new AuditRepository(dataSource, new TransactionTemplate(transactions));
	}

	@Bean
	AuditTrail auditTrail(AuditRepository repository, JsonMapper json, AuditProperties properties,
			MeterRegistry meters) {
		return new AuditTrail(repository,
				new AuditSpool(properties.spool().directory(), properties.spool().maxSize().toBytes()), json,
				properties, meters);
	}

	@Bean
	AuditedDecisions auditedDecisions(DataSource dataSource, JsonMapper json) {
		return new AuditedDecisions(dataSource, json);
	}

	@Bean
	AuditRetention auditRetention(AuditRepository repository, AuditTrail trail, AuditProperties properties) {
		return new AuditRetention(repository, trail, properties.retention(), properties.purgeInterval());
	}

}
