package io.customerdata.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

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

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private volatile @Nullable Boolean postgres;

	AuditRepository(DataSource dataSource, TransactionTemplate transactions) {
		this.dataSource = dataSource;
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

	/** The events' JSON, newest first, streamed from the database as the caller reads. */
	Flux<String> find(AuditQuery query, int limit) {
		return Flux.<String, Cursor>using(() -> open(query, limit), (cursor) -> Flux.generate((sink) -> {
			try {
				if (cursor.rows().next()) {
					sink.next(cursor.rows().getString(1));
				}
				else {
					sink.complete();
				}
			}
			catch (SQLException ex) {
				sink.error(ex);
			}
		}), Cursor::close).subscribeOn(Schedulers.boundedElastic());
	}

	int deleteBefore(Instant cutoff) {
		return this.jdbc.update("delete from audit_event where occurred_at < ?",
				OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
	}

	long count() {
		Long count = this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
		return (count != null) ? count : 0;
	}

	private record Cursor(Connection connection, PreparedStatement statement, ResultSet rows) {

		void close() {
			try (Connection c = this.connection; PreparedStatement s = this.statement; ResultSet r = this.rows) {
				c.rollback();
			}
			catch (SQLException ex) {
				// Closing a read: nothing to lose.
			}
		}

	}

	private Cursor open(AuditQuery query, int limit) throws SQLException {
		StringBuilder sql = new StringBuilder("select e.event from audit_event e where 1 = 1");
		List<Object> parameters = new ArrayList<>();
		if (query.records() != null) {
			if (query.records().isEmpty()) {
				sql.append(" and 1 = 0");
			}
			else {
				sql.append(" and exists (select 1 from audit_event_record r where r.event_id = e.id and (");
				for (int i = 0; i < query.records().size(); i++) {
					String record = query.records().get(i);
					int colon = record.indexOf(':');
					sql.append((i > 0) ? " or " : "").append("(r.source = ? and r.record_id = ?)");
					parameters.add(record.substring(0, colon));
					parameters.add(record.substring(colon + 1));
				}
				sql.append("))");
			}
		}
		condition(sql, parameters, "e.subject = ?", query.subject());
		condition(sql, parameters, "e.purpose = ?", query.purpose());
		condition(sql, parameters, "e.decision = ?", query.decision());
		condition(sql, parameters, "e.occurred_at >= ?", utc(query.from()));
		condition(sql, parameters, "e.occurred_at < ?", utc(query.to()));
		if (query.after() != null) {
			sql.append(" and (e.occurred_at < ? or (e.occurred_at = ? and e.id < ?))");
			parameters.add(utc(query.after().time()));
			parameters.add(utc(query.after().time()));
			parameters.add(query.after().id());
		}
		sql.append(" order by e.occurred_at desc, e.id desc");
		if (limit > 0) {
			sql.append(" limit ").append(limit);
		}
		Connection connection = this.dataSource.getConnection();
		try {
			// A server-side cursor: rows arrive as they are read, not all at once.
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			PreparedStatement statement = connection.prepareStatement(sql.toString());
			statement.setFetchSize(500);
			for (int i = 0; i < parameters.size(); i++) {
				statement.setObject(i + 1, parameters.get(i));
			}
			return new Cursor(connection, statement, statement.executeQuery());
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	private static void condition(StringBuilder sql, List<Object> parameters, String condition,
			@Nullable Object value) {
		if (value != null) {
			sql.append(" and ").append(condition);
			parameters.add(value);
		}
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
