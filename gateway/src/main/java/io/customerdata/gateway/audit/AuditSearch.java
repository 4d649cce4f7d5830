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

/**
 * Searching the audit trail's tables for officers: the events a query selects, newest
 * first, streamed through a server-side cursor on a bounded-elastic worker, so that an
 * export of millions of events holds a page of them in memory at a time.
 */
final class AuditSearch {

	private final DataSource dataSource;

	AuditSearch(DataSource dataSource) {
		this.dataSource = dataSource;
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
