package io.customerdata.gateway.insights;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The roll-up tables ({@code db/migration/V4}) and the audit events they are made from.
 * Blocking JDBC, for bounded-elastic workers and the aggregator's thread.
 */
final class InsightRepository {

	/** Rows read from the database at a time while a day's events stream through. */
	static final int FETCH_SIZE = 2000;

	private final JdbcTemplate jdbc;

	private final JdbcTemplate streaming;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	InsightRepository(DataSource dataSource, TransactionTemplate transactions, JsonMapper json) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.streaming = new JdbcTemplate(dataSource);
		this.streaming.setFetchSize(FETCH_SIZE);
		this.transactions = transactions;
		this.json = json;
	}

	Optional<LocalDate> firstEventDay() {
		Timestamp first = this.jdbc.queryForObject("select min(occurred_at) from audit_event", Timestamp.class);
		return Optional.ofNullable(first).map((t) -> LocalDate.ofInstant(t.toInstant(), ZoneOffset.UTC));
	}

	/** Every day rolled up, and when it was last. */
	Map<LocalDate, Instant> rolledUp() {
		Map<LocalDate, Instant> days = new HashMap<>();
		RowCallbackHandler each = (row) -> days.put(row.getDate(1).toLocalDate(), row.getTimestamp(2).toInstant());
		this.jdbc.query("select utc_day, computed_at from insight_day", each);
		return days;
	}

	/**
	 * Streams one UTC day's events in a transaction, so that PostgreSQL reads them with a
	 * cursor rather than all at once.
	 */
	void eventsOf(LocalDate day, Consumer<JsonNode> each) {
		RowCallbackHandler parsed = (row) -> each.accept(this.json.readTree(row.getString(1)));
		this.transactions.executeWithoutResult((status) -> this.streaming.query(
				"select event from audit_event where occurred_at >= ? and occurred_at < ?", parsed, start(day),
				start(day.plusDays(1))));
	}

	/**
	 * Replaces a day's rows, in one transaction; the day's row is locked first, so that
	 * replicas rolling up the same day at once do not both insert.
	 */
	void replace(LocalDate day, DailyRollup rollup, Instant now) {
		this.transactions.executeWithoutResult((status) -> {
			if (this.jdbc.update("update insight_day set computed_at = ?, events = ? where utc_day = ?",
					Timestamp.from(now), rollup.events(), Date.valueOf(day)) == 0) {
				this.jdbc.update("insert into insight_day (utc_day, computed_at, events) values (?, ?, ?)",
						Date.valueOf(day), Timestamp.from(now), rollup.events());
			}
			this.jdbc.update("delete from insight_sharing where utc_day = ?", Date.valueOf(day));
			this.jdbc.update("delete from insight_field where utc_day = ?", Date.valueOf(day));
			this.jdbc.batchUpdate(
					"insert into insight_sharing (utc_day, requester_department, source, disclosures, "
							+ "disclosed, masked, withheld) values (?, ?, ?, ?, ?, ?, ?)",
					rollup.sharing()
						.stream()
						.map((r) -> new Object[] { Date.valueOf(day), r.requesterDepartment(), r.source(),
								r.disclosures(), r.disclosed(), r.masked(), r.withheld() })
						.toList());
			this.jdbc.batchUpdate(
					"insert into insight_field (utc_day, role, purpose, source, field, disclosed, masked, "
							+ "withheld, denied) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
					rollup.fields()
						.stream()
						.map((r) -> new Object[] { Date.valueOf(day), r.role(), r.purpose(), r.source(), r.field(),
								r.disclosed(), r.masked(), r.withheld(), r.denied() })
						.toList());
		});
	}

	/** One day's counts of one requesting department of one source. */
	record Shared(LocalDate day, String requesterDepartment, String source, long disclosures, long disclosed,
			long masked, long withheld) {
	}

	/** What was withheld or refused of one field, for one role and purpose. */
	record Unmet(String role, String purpose, String source, String field, long withheld, long denied) {
	}

	/** A field a role was shown, for a purpose, and when last. */
	record Shown(String role, String purpose, String source, String field) {
	}

	List<Shared> sharing(LocalDate from, LocalDate to) {
		return this.jdbc.query("select utc_day, requester_department, source, sum(disclosures), sum(disclosed), "
				+ "sum(masked), sum(withheld) from insight_sharing where utc_day >= ? and utc_day <= ? "
				+ "group by utc_day, requester_department, source order by utc_day, requester_department, source",
				(row, i) -> new Shared(row.getDate(1).toLocalDate(), row.getString(2), row.getString(3), row.getLong(4),
						row.getLong(5), row.getLong(6), row.getLong(7)),
				Date.valueOf(from), Date.valueOf(to));
	}

	List<Unmet> unmet(LocalDate from, LocalDate to) {
		return this.jdbc.query("select role, purpose, source, field, sum(withheld) w, sum(denied) d from insight_field "
				+ "where utc_day >= ? and utc_day <= ? and (withheld > 0 or denied > 0) group by role, purpose, source, field "
				+ "order by sum(withheld) + sum(denied) desc, role, purpose, source, field",
				(row, i) -> new Unmet(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
						row.getLong(5), row.getLong(6)),
				Date.valueOf(from), Date.valueOf(to));
	}

	List<Shown> shown(LocalDate from) {
		return this.jdbc.query(
				"select distinct role, purpose, source, field from insight_field "
						+ "where utc_day >= ? and (disclosed > 0 or masked > 0)",
				(row, i) -> new Shown(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
				Date.valueOf(from));
	}

	/**
	 * The events of one subject since an instant, newest first, at most {@code limit}.
	 */
	List<JsonNode> eventsOf(String subject, Instant since, int limit) {
		return this.jdbc
			.queryForList(
					"select event from audit_event where subject = ? and occurred_at >= ? "
							+ "and decision = 'allow' order by occurred_at desc fetch first " + limit + " rows only",
					String.class, subject, Timestamp.from(since))
			.stream()
			.map(this.json::readTree)
			.toList();
	}

	Optional<Instant> lastRolledUp() {
		Timestamp last = this.jdbc.queryForObject("select max(computed_at) from insight_day", Timestamp.class);
		return Optional.ofNullable(last).map(Timestamp::toInstant);
	}

	private static Timestamp start(LocalDate day) {
		return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

}
