package io.customerdata.gateway.audit;

import javax.sql.DataSource;

import io.customerdata.gateway.policy.PolicyStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
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
	AuditSearch auditSearch(DataSource dataSource) {
		return new AuditSearch(dataSource);
	}

	@Bean
	AuditTrail auditTrail(AuditRepository repository, JsonMapper json, AuditProperties properties, PolicyStore policy,
			MeterRegistry meters) {
		return new AuditTrail(repository,
				new AuditSpool(properties.spool().directory(), properties.spool().maxSize().toBytes()), json,
				properties, (purpose) -> policy.current().compiled().knowsPurpose(purpose), meters);
	}

	@Bean
	AuditedDecisions auditedDecisions(DataSource dataSource, JsonMapper json) {
		return new AuditedDecisions(dataSource, json);
	}

	@Bean
	AuditedRefusals auditedRefusals(DataSource dataSource, JsonMapper json) {
		return new AuditedRefusals(dataSource, json);
	}

	@Bean
	AuditDatabase auditDatabase(MeterRegistry meters) {
		return new AuditDatabase(meters);
	}

	/**
	 * The schema is migrated at start-up when the database is there; when it is not, the
	 * gateway starts all the same (from its cached policy version, auditing to the spool)
	 * and migrates as soon as the database answers, tried every {@code retry-interval}.
	 */
	@Bean
	FlywayMigrationStrategy migrationWhenTheDatabaseIsThere(AuditDatabase database, AuditProperties properties) {
		return (flyway) -> {
			if (migrate(flyway, database)) {
				return;
			}
			Thread.ofPlatform().name("audit-database-migration").daemon().start(() -> {
				while (!migrate(flyway, database)) {
					try {
						Thread.sleep(properties.retryInterval().toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			});
		};
	}

	private static boolean migrate(Flyway flyway, AuditDatabase database) {
		try {
			flyway.migrate();
			database.migrated();
			database.reached();
			return true;
		}
		catch (FlywayException ex) {
			database.notMigrated(ex);
			return false;
		}
	}

	@Bean
	AuditRetention auditRetention(AuditRepository repository, AuditTrail trail, AuditProperties properties) {
		return new AuditRetention(repository, trail, properties.retention(), properties.purgeInterval());
	}

}
