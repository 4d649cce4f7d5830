package io.customerdata.gateway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A batch the database refuses for its content is split until each event refused is
 * alone, and that one is written as malformed; a database that is away stops the batch
 * whole, for the spool.
 */
class AuditWriterTests {

	final AuditTrailTests.Switchable database = new AuditTrailTests.Switchable(h2());

	final AuditRepository repository = repository(this.database);

	final Counter malformed = new SimpleMeterRegistry().counter("malformed");

	final AuditWriter writer = new AuditWriter(this.repository, AuditTrailTests.JSON, this.malformed);

	@Test
	void poisonEventsAnywhereInABatchAreWrittenAsMalformedAndEveryOtherAsMade() {
		for (int size : new int[] { 1, 2, 3, 7, 16 }) {
			for (int poisoned = 0; poisoned < size; poisoned += 3) {
				List<AuditEvent> events = new ArrayList<>();
				for (int i = 0; i < size; i++) {
					events.add((i == poisoned || i == size - 1) ? AuditTrailTests.poison("mallory-" + UUID.randomUUID())
							: AuditTrailTests.event("user-" + UUID.randomUUID()));
				}
				double before = this.malformed.count();

				this.writer.write(stored(events));

				assertThat(events).as("%d events, poison at %d and last", size, poisoned)
					.allSatisfy((event) -> assertThat(stored(event).has("malformed"))
						.isEqualTo(event.subject().startsWith("mallory")));
				assertThat(this.malformed.count() - before)
					.isEqualTo(events.stream().filter((e) -> e.subject().startsWith("mallory")).count());
			}
		}
	}

	@Test
	void aBatchOfSoundEventsIsWrittenAsMadeAndNothingIsNothing() {
		List<AuditEvent> events = List.of(AuditTrailTests.event("alice"), AuditTrailTests.event("bob"));

		this.writer.write(List.of());
		this.writer.write(stored(events));

		assertThat(this.repository.count()).isEqualTo(2);
		assertThat(stored(events.get(1)).path("subject").asString()).isEqualTo("bob");
		assertThat(this.malformed.count()).isZero();
	}

	@Test
	void aDatabaseThatIsAwayStopsTheBatchWhole() {
		this.database.down.set(true);
		List<AuditRepository.Stored> batch = stored(
				List.of(AuditTrailTests.event("alice"), AuditTrailTests.poison("mallory")));

		assertThatExceptionOfType(AuditWriter.DatabaseAway.class).isThrownBy(() -> this.writer.write(batch));
		assertThatExceptionOfType(AuditWriter.DatabaseAway.class)
			.isThrownBy(() -> this.writer.writeMalformed(AuditTrailTests.poison("mallory"), "why"));
		assertThat(this.malformed.count()).isZero();

		this.database.down.set(false);
		assertThatNoException().isThrownBy(() -> this.writer.write(batch));
		assertThat(this.repository.count()).isEqualTo(2);
	}

	private JsonNode stored(AuditEvent event) {
		return AuditTrailTests.JSON.readTree(new AuditSearch(this.database)
			.find(new AuditQuery(null, event.subject(), null, null, null, null, null), 0)
			.filter((json) -> AuditTrailTests.JSON.readTree(json).path("id").asString().equals(event.id().toString()))
			.blockFirst());
	}

	private static List<AuditRepository.Stored> stored(List<AuditEvent> events) {
		return events.stream()
			.map((event) -> new AuditRepository.Stored(event, AuditTrailTests.JSON.writeValueAsString(event)))
			.toList();
	}

	private static AuditRepository repository(AuditTrailTests.Switchable database) {
		Flyway.configure().dataSource(database).load().migrate();
		return new AuditRepository(database, new TransactionTemplate(new DataSourceTransactionManager(database)));
	}

	private static JdbcDataSource h2() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:audit-writer-" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		return h2;
	}

}
