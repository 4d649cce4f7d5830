package io.customerdata.gateway.policyadmin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The policy version tables ({@code db/migration/V2}). Blocking JDBC: called on
 * bounded-elastic workers and the publisher's thread, never on an event loop.
 */
final class PolicyVersionRepository {

	private static final String COLUMNS = "id, version, state, author, created_at, updated_at, based_on, "
			+ "rolled_back_from, published_at, document";

	private static final RowMapper<PolicyVersion> VERSION = PolicyVersionRepository::version;

	private final JdbcTemplate jdbc;

	PolicyVersionRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	long nextId() {
		Long id = this.jdbc.queryForObject("select nextval('policy_version_id')", Long.class);
		if (id == null) {
			throw new IllegalStateException("the sequence policy_version_id gave no value");
		}
		return id;
	}

	void insert(PolicyVersion version) {
		this.jdbc.update("insert into policy_version (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				version.id(), version.version(), version.state().code(), version.author(), utc(version.createdAt()),
				utc(version.updatedAt()), version.basedOn(), version.rolledBackFrom(), utc(version.publishedAt()),
				version.document());
	}

	/** Replaces a draft's document; false if the version is no longer a draft. */
	boolean updateDraft(long id, String document, Instant now) {
		return this.jdbc.update(
				"update policy_version set document = ?, updated_at = ? where id = ? and state = 'draft'", document,
				utc(now), id) == 1;
	}

	/**
	 * Moves a version on, if it is still in the state the caller saw: two officers acting
	 * at once cannot both succeed.
	 */
	boolean move(long id, PolicyState from, PolicyState to, Instant now) {
		return this.jdbc.update(
				"update policy_version set state = ?, updated_at = ?, published_at = ? where id = ? and state = ?",
				to.code(), utc(now), (to == PolicyState.PUBLISHED) ? utc(now) : null, id, from.code()) == 1;
	}

	void insertTransition(PolicyTransition transition) {
		this.jdbc.update("insert into policy_transition (version_id, seq, from_state, to_state, actor, at, comment) "
				+ "select ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ? from policy_transition where version_id = ?",
				transition.versionId(), (transition.from() != null) ? transition.from().code() : null,
				transition.to().code(), transition.actor(), utc(transition.at()), transition.comment(),
				transition.versionId());
	}

	Optional<PolicyVersion> find(long id) {
		return this.jdbc.query("select " + COLUMNS + " from policy_version where id = ?", VERSION, id)
			.stream()
			.findFirst();
	}

	/** Newest first. */
	List<PolicyVersion> all() {
		return this.jdbc.query("select " + COLUMNS + " from policy_version order by id desc", VERSION);
	}

	/** The version in force: the published one published last. */
	Optional<PolicyVersion> active() {
		return activeId().flatMap(this::find);
	}

	/**
	 * The number of the version in force, without its document: what every replica asks
	 * every second.
	 */
	Optional<Long> activeId() {
		return this.jdbc
			.queryForList("select id from policy_version where state = 'published' "
					+ "order by published_at desc, id desc fetch first 1 rows only", Long.class)
			.stream()
			.findFirst();
	}

	boolean labelTaken(String version) {
		Integer count = this.jdbc.queryForObject("select count(*) from policy_version where version = ?", Integer.class,
				version);
		return count != null && count > 0;
	}

	boolean isEmpty() {
		Integer count = this.jdbc.queryForObject("select count(*) from policy_version", Integer.class);
		return count == null || count == 0;
	}

	List<PolicyTransition> transitions(long id) {
		return this.jdbc.query(
				"select version_id, from_state, to_state, actor, at, comment from policy_transition "
						+ "where version_id = ? order by seq",
				(rs, row) -> new PolicyTransition(rs.getLong("version_id"), state(rs.getString("from_state")),
						PolicyState.of(rs.getString("to_state")), rs.getString("actor"), instant(rs, "at"),
						rs.getString("comment")),
				id);
	}

	private static PolicyVersion version(ResultSet rs, int row) throws SQLException {
		return new PolicyVersion(rs.getLong("id"), rs.getString("version"), PolicyState.of(rs.getString("state")),
				rs.getString("author"), instant(rs, "created_at"), instant(rs, "updated_at"),
				rs.getObject("based_on", Long.class), rs.getObject("rolled_back_from", Long.class),
				optionalInstant(rs, "published_at"), rs.getString("document"));
	}

	private static @Nullable PolicyState state(@Nullable String code) {
		return (code != null) ? PolicyState.of(code) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Instant instant = optionalInstant(rs, column);
		if (instant == null) {
			throw new SQLException(column + " is null");
		}
		return instant;
	}

	private static @Nullable Instant optionalInstant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
