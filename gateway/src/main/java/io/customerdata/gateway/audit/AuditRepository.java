package io.customerdata.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail's tables ({@code db/migration}). Blocking JDBC: called only from the
 * audit writer's thread and from bounded-elastic workers, never from an event loop.
 */
final class AuditRepository {

	private static final String INSERT_EVENT = "insert into audit_event "
			+ "(id, occurred_at, subject, purpose, action, decision, status, event) values (?, ?, ?, ?, ?, ?, ?, ?) "
			+ "on conflict do nothing";

	private static final String INSERT_BATCH_POSTGRESQL = """
			with events as (
			  insert into audit_event (id, occurred_at, subject, purpose, action, decision, status, event)
			  select * from unnest(?::uuid[], ?::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[],
			                       ?::varchar[], ?::integer[], ?::text[])
			  on conflict do nothing)
			insert into audit_event_record (event_id, source, record_id)
			select * from unnest(?::uuid[], ?::varchar[], ?::varchar[])
			on conflict do nothing
			""";

	private static final String INSERT_RECORD = "insert into audit_event_record (event_id, source, record_id) "
			+ "values (?, ?, ?) on conflict do nothing";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private volatile @Nullable Boolean postgres;

	AuditRepository(DataSource dataSource, TransactionTemplate transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = transactions;
	}

	/**
	 * Writes events atomically; one already written (replayed spool) is skipped. On
	 * PostgreSQL a batch is one statement (the events and their record links, from
	 * arrays), so one round trip and one implicit transaction; elsewhere two batched
	 * inserts in a transaction.
	 */
	void insert(List<Stored> events) {
		Batch batch = Batch.of(events);
		Boolean postgres = this.postgres;
		if (postgres == null) {
			postgres = this.jdbc.execute((ConnectionCallback<Boolean>) (
					connection) -> connection.getMetaData().getDatabaseProductName().equals("PostgreSQL"));
			this.postgres = postgres;
		}
		if (Boolean.TRUE.equals(postgres)) {
			this.jdbc.execute((ConnectionCallback<Integer>) (connection) -> insertInOneStatement(connection, batch));
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.batchUpdate(INSERT_EVENT, batch.events());
			if (!batch.links().isEmpty()) {
				this.jdbc.batchUpdate(INSERT_RECORD, batch.links());
			}
		});
	}

	private static int insertInOneStatement(Connection connection, Batch batch) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(INSERT_BATCH_POSTGRESQL)) {
			String[] types = { "uuid", "timestamptz", "varchar", "varchar", "varchar", "varchar", "integer", "text" };
			for (int column = 0; column < types.length; column++) {
				statement.setArray(column + 1,
						connection.createArrayOf(types[column], batch.column(batch.events(), column)));
			}
			String[] linkTypes = { "uuid", "varchar", "varchar" };
			for (int column = 0; column < linkTypes.length; column++) {
				statement.setArray(types.length + column + 1,
						connection.createArrayOf(linkTypes[column], batch.column(batch.links(), column)));
			}
			int written = statement.executeUpdate();
			// A pool configured without auto-commit would otherwise roll the batch back
			// when the connection returns to it.
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			return written;
		}
	}

	/** A batch's rows: one per event, one per record an event links. */
	private record Batch(List<Object[]> events, List<Object[]> links) {

		static Batch of(List<Stored> stored) {
			List<Object[]> events = new ArrayList<>();
			List<Object[]> links = new ArrayList<>();
			for (Stored one : stored) {
				AuditEvent e = one.event();
				events.add(new Object[] { e.id(), OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC), e.subject(),
						e.purpose(), e.action(), e.decision(), e.status(), one.json() });
				for (String record : e.records()) {
					int colon = record.indexOf(':');
					links.add(new Object[] { e.id(), record.substring(0, colon), record.substring(colon + 1) });
				}
			}
			return new Batch(events, links);
		}

		Object[] column(List<Object[]> rows, int column) {
			Object[] values = new Object[rows.size()];
			for (int row = 0; row < values.length; row++) {
				values[row] = rows.get(row)[column];
			}
			return values;
		}

	}

	/** An event and its JSON, as stored. */
	record Stored(AuditEvent event, String json) {
	}

	int deleteBefore(Instant cutoff) {
		return this.jdbc.update("delete from audit_event where occurred_at < ?",
				OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
	}

	long count() {
		Long count = this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
		return (count != null) ? count : 0;
	}

}
