package io.customerdata.gateway.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail's write on PostgreSQL (the machine's, database {@code test}): a batch
 * is one statement of arrays, events and their record links together, exactly once
 * however often a batch is replayed, every value as it was.
 */
class AuditRepositoryPostgresIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final PGSimpleDataSource database = new PGSimpleDataSource();

	AuditRepository repository;

	JdbcTemplate jdbc;

	@BeforeEach
	void start() {
		this.database.setURL("jdbc:postgresql://127.0.0.1:5432/test");
		this.database.setUser("postgres");
		Flyway.configure().dataSource(this.database).load().migrate();
		this.repository = new AuditRepository(this.database,
				new TransactionTemplate(new DataSourceTransactionManager(this.database)));
		this.jdbc = new JdbcTemplate(this.database);
	}

	@Test
	void aBatchIsWrittenWithItsRecordLinksAndEveryValueIntact() {
		AuditEvent awkward = AuditEvent.of("o'brien \"\\\" ünïcødé {}", "view")
			.caller(UUID.randomUUID().toString(), List.of("sales-rep"), "customer-gateway-demo")
			.records(List.of("crm:ACC-1", "support:a,b{c}"))
			.sources(Map.of("crm", "ok"))
			.fields(List.of("customer.name"), List.of(), List.of())
			.decision(AuditEvent.ALLOW, "granted", "v1", UUID.randomUUID().toString())
			.build(200);
		AuditEvent plain = AuditTrailTests.event("alice");
		this.repository.insert(List.of(stored(awkward), stored(plain)));

		assertThat(this.jdbc.queryForObject("select event from audit_event where id = ?", String.class, awkward.id()))
			.isEqualTo(JSON.writeValueAsString(awkward));
		assertThat(this.jdbc.queryForObject("select subject from audit_event where id = ?", String.class, awkward.id()))
			.isEqualTo(awkward.subject());
		assertThat(this.jdbc.queryForObject("select purpose from audit_event where id = ?", String.class, awkward.id()))
			.isNull();
		assertThat(this.jdbc.queryForList(
				"select source || ':' || record_id from audit_event_record where event_id = ? order by 1", String.class,
				awkward.id()))
			.containsExactly("crm:ACC-1", "support:a,b{c}");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event_record where event_id = ?", Long.class,
				plain.id()))
			.isEqualTo(2);
	}

	@Test
	void aReplayedBatchIsWrittenOnce() {
		AuditEvent first = AuditTrailTests.event("alice");
		AuditEvent second = AuditTrailTests.event("bob");
		this.repository.insert(List.of(stored(first)));
		this.repository.insert(List.of(stored(first), stored(second)));

		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where id in (?, ?)", Long.class,
				first.id(), second.id()))
			.isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event_record where event_id in (?, ?)",
				Long.class, first.id(), second.id()))
			.isEqualTo(4);
	}

	@Test
	void aBatchIsCommittedEvenWhereConnectionsDoNotAutoCommit() {
		HikariDataSource manual = new HikariDataSource();
		manual.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
		manual.setUsername("postgres");
		manual.setAutoCommit(false);
		try (manual) {
			AuditEvent event = AuditTrailTests.event("alice");
			new AuditRepository(manual, new TransactionTemplate(new DataSourceTransactionManager(manual)))
				.insert(List.of(stored(event)));
			assertThat(
					this.jdbc.queryForObject("select count(*) from audit_event where id = ?", Long.class, event.id()))
				.isEqualTo(1);
		}
	}

	@Test
	void anEventWithoutRecordsIsWrittenToo() {
		AuditEvent refusal = AuditEvent.of("dan", "view")
			.caller(UUID.randomUUID().toString(), List.of("support-agent"), "customer-gateway-demo")
			.decision(AuditEvent.DENY, "no-grant", "v1", UUID.randomUUID().toString())
			.build(403);
		this.repository.insert(List.of(stored(refusal)));
		assertThat(this.jdbc.queryForObject("select status from audit_event where id = ?", Integer.class, refusal.id()))
			.isEqualTo(403);
	}

	private static AuditRepository.Stored stored(AuditEvent event) {
		return new AuditRepository.Stored(event, JSON.writeValueAsString(event));
	}

}
