package io.customerdata.gateway.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static io.customerdata.gateway.audit.AuditTrailTests.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One event the database refuses (a record id longer than its column) among 100 others,
 * on PostgreSQL (the machine's, database {@code test}, a schema of its own): the 100 are
 * in the database within the writer's retry interval and the poison is there as
 * malformed; the same after a restart with the poison still in the spool. Before, the
 * writer took the refusal for an outage and retried the batch for ever, and every later
 * event went to the spool.
 */
class AuditPoisonIT {

	static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/test";

	static final Duration WRITER_INTERVAL = Duration.ofSeconds(2);

	final String schema = "audit_poison_it_" + UUID.randomUUID().toString().replace("-", "");

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path spoolDirectory;

	AuditTrailTests.Switchable database;

	AuditRepository repository;

	JdbcTemplate jdbc;

	AuditTrail trail;

	@BeforeEach
	void start() {
		PGSimpleDataSource postgres = new PGSimpleDataSource();
		postgres.setURL(DATABASE + "?currentSchema=" + this.schema);
		postgres.setUser("postgres");
		Flyway.configure().dataSource(postgres).schemas(this.schema).load().migrate();
		this.database = new AuditTrailTests.Switchable(postgres);
		this.repository = new AuditRepository(this.database,
				new TransactionTemplate(new DataSourceTransactionManager(this.database)));
		this.jdbc = new JdbcTemplate(postgres);
		this.trail = trail();
	}

	@AfterEach
	void stop() throws SQLException {
		this.trail.stop();
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "")) {
			connection.createStatement().execute("drop schema if exists " + this.schema + " cascade");
		}
	}

	@Test
	void onePoisonEventAmong100IsWrittenAsMalformedAndTheOthersWithinTheWritersInterval() {
		List<AuditEvent> events = hundredAndAPoison();
		long start = System.nanoTime();

		Flux.fromIterable(events).flatMap(this.trail::record).blockLast(WRITER_INTERVAL);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WRITER_INTERVAL);
		assertWritten(events);
		assertThat(this.meters.get("gateway.audit.events.malformed").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("gateway.audit.spool.depth").gauge().value()).isZero();
	}

	@Test
	void afterARestartWithThePoisonStillInTheSpoolTheSameHolds() throws Exception {
		List<AuditEvent> events = hundredAndAPoison();
		this.database.down.set(true);
		Flux.fromIterable(events).concatMap(this.trail::record).blockLast(Duration.ofSeconds(10));
		this.trail.stop();
		assertThat(Files.readAllLines(spool())).hasSize(events.size());
		this.database.down.set(false);

		this.trail = trail();

		await().atMost(WRITER_INTERVAL)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> count(events) == events.size() && Files.size(spool()) == 0);
		assertWritten(events);
		AuditEvent later = AuditTrailTests.event("later");
		this.trail.record(later).block(WRITER_INTERVAL);
		assertThat(count(List.of(later))).as("later events go to the database, not to the spool").isEqualTo(1);
		assertThat(Files.size(spool())).isZero();
	}

	private void assertWritten(List<AuditEvent> events) {
		assertThat(count(events)).isEqualTo(events.size());
		for (AuditEvent event : events) {
			JsonNode stored = JSON.readTree(
					this.jdbc.queryForObject("select event from audit_event where id = ?", String.class, event.id()));
			if (event.subject().equals("mallory")) {
				assertThat(stored.path("malformed").asString()).isEqualTo("refused by the database: "
						+ "DataIntegrityViolationException (SQLState 22001); 1 record reference(s) too long to keep");
				assertThat(this.jdbc.queryForList("select record_id from audit_event_record where event_id = ?",
						String.class, event.id()))
					.containsExactly("310000");
			}
			else {
				assertThat(stored).isEqualTo(JSON.readTree(JSON.writeValueAsString(event)));
			}
		}
	}

	private long count(List<AuditEvent> events) {
		Long count = this.jdbc.queryForObject("select count(*) from audit_event where id = any(?)", Long.class,
				(Object) events.stream().map(AuditEvent::id).toArray(UUID[]::new));
		return (count != null) ? count : 0;
	}

	private static List<AuditEvent> hundredAndAPoison() {
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			events.add(AuditTrailTests.event("user-" + i));
		}
		events.add(37, AuditTrailTests.poison("mallory"));
		return events;
	}

	private Path spool() {
		return this.spoolDirectory.resolve("audit-spool.jsonl");
	}

	private AuditTrail trail() {
		AuditProperties properties = new AuditProperties(true, true, 100, 1000, WRITER_INTERVAL, Duration.ofDays(400),
				Duration.ofHours(1), new AuditProperties.Spool(this.spoolDirectory, DataSize.ofMegabytes(1)));
		AuditTrail started = new AuditTrail(this.repository,
				new AuditSpool(this.spoolDirectory, DataSize.ofMegabytes(1).toBytes()), JSON, properties,
				AuditTrailTests.KNOWN_PURPOSES::contains, this.meters);
		started.start();
		return started;
	}

}
