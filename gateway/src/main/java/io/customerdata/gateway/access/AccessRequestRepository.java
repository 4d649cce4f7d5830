package io.customerdata.gateway.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access request table ({@code db/migration/V3}). Every change is conditional on the
 * state the caller saw, so two officers acting at once cannot both succeed. Blocking
 * JDBC, for bounded-elastic workers.
 */
final class AccessRequestRepository {

	private static final String COLUMNS = "id, requester_id, requester, requester_roles, requester_department, "
			+ "requester_region, fields, purpose, customer, justification, duration_seconds, status, created_at, "
			+ "pending_until, first_approver, decided_at, decided_by, decision_comment, grant_expires_at, revoked_at, "
			+ "revoked_by, promoted_version";

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AccessRequestRepository(DataSource dataSource, JsonMapper json) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.json = json;
	}

	void insert(AccessRequest request) {
		AccessRequest.Requester who = request.requester();
		this.jdbc.update("insert into access_request (id, requester_id, requester, requester_roles, "
				+ "requester_department, requester_region, fields, purpose, customer, justification, duration_seconds, "
				+ "status, created_at, pending_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", request.id(),
				who.id(), who.username(), this.json.writeValueAsString(who.roles()), who.department(), who.region(),
				this.json.writeValueAsString(request.fields()), request.purpose(), request.customer(),
				request.justification(), request.duration().toSeconds(), request.status().code(),
				utc(request.createdAt()), utc(request.pendingUntil()));
	}

	Optional<AccessRequest> find(String id) {
		return this.jdbc.query("select " + COLUMNS + " from access_request where id = ?", this::request, id)
			.stream()
			.findFirst();
	}

	List<AccessRequest> byRequester(String requesterId) {
		return this.jdbc.query(
				"select " + COLUMNS + " from access_request where requester_id = ? order by created_at desc, id desc",
				this::request, requesterId);
	}

	/** Newest first; every status when {@code status} is null. */
	List<AccessRequest> byStatus(AccessRequest.@Nullable Status status, int limit) {
		return (status == null)
				? this.jdbc.query(
						"select " + COLUMNS
								+ " from access_request order by created_at desc, id desc fetch first ? rows only",
						this::request, limit)
				: this.jdbc.query("select " + COLUMNS
						+ " from access_request where status = ? order by created_at desc, id desc fetch first ? rows only",
						this::request, status.code(), limit);
	}

	/** Requests filed in a period, oldest first. */
	List<AccessRequest> filedBetween(Instant from, Instant to) {
		return this.jdbc.query("select " + COLUMNS + " from access_request where created_at >= ? and created_at < ? "
				+ "order by created_at, id", this::request, utc(from), utc(to));
	}

	/** Approved and revoked requests whose grant has not run out at {@code now}. */
	List<AccessRequest> grantsUnexpired(Instant now) {
		return this.jdbc.query("select " + COLUMNS + " from access_request where status in ('approved', 'revoked') "
				+ "and grant_expires_at > ? order by id", this::request, utc(now));
	}

	List<String> pendingDue(Instant now) {
		return this.jdbc.queryForList(
				"select id from access_request where status = 'pending' and pending_until <= ? order by id",
				String.class, utc(now));
	}

	/** Approved grants ending within the window, not announced yet. */
	List<String> expiringUnannounced(Instant now, Instant until) {
		return this.jdbc.queryForList(
				"select id from access_request where status = 'approved' "
						+ "and not expiry_notified and grant_expires_at > ? and grant_expires_at <= ? order by id",
				String.class, utc(now), utc(until));
	}

	/** True for the one replica that marks the grant announced. */
	boolean markExpiryAnnounced(String id) {
		return this.jdbc.update("update access_request set expiry_notified = true where id = ? and not expiry_notified",
				id) == 1;
	}

	boolean firstApproval(String id, String officer) {
		return this.jdbc.update("update access_request set first_approver = ? "
				+ "where id = ? and status = 'pending' and first_approver is null", officer, id) == 1;
	}

	boolean approve(String id, String officer, @Nullable String comment, Instant now, Duration duration) {
		return this.jdbc.update(
				"update access_request set status = 'approved', decided_at = ?, decided_by = ?, "
						+ "decision_comment = ?, grant_expires_at = ? where id = ? and status = 'pending'",
				utc(now), officer, comment, utc(now.plus(duration)), id) == 1;
	}

	boolean decide(String id, AccessRequest.Status to, String officer, @Nullable String comment, Instant now,
			@Nullable Long promotedVersion) {
		return this.jdbc.update(
				"update access_request set status = ?, decided_at = ?, decided_by = ?, "
						+ "decision_comment = ?, promoted_version = ? where id = ? and status = 'pending'",
				to.code(), utc(now), officer, comment, promotedVersion, id) == 1;
	}

	boolean expire(String id, Instant now) {
		return this.jdbc.update(
				"update access_request set status = 'expired', decided_at = ? " + "where id = ? and status = 'pending'",
				utc(now), id) == 1;
	}

	boolean revoke(String id, String officer, @Nullable String comment, Instant now) {
		return this.jdbc.update("update access_request set status = 'revoked', revoked_at = ?, revoked_by = ?, "
				+ "decision_comment = coalesce(?, decision_comment) where id = ? and status = 'approved' "
				+ "and grant_expires_at > ?", utc(now), officer, comment, id, utc(now)) == 1;
	}

	private AccessRequest request(ResultSet row, int index) throws SQLException {
		return new AccessRequest(row.getString("id"),
				new AccessRequest.Requester(row.getString("requester_id"), row.getString("requester"),
						this.json.readValue(row.getString("requester_roles"), STRINGS),
						row.getString("requester_department"), row.getString("requester_region")),
				this.json.readValue(row.getString("fields"), STRINGS), row.getString("purpose"),
				row.getString("customer"), row.getString("justification"),
				Duration.ofSeconds(row.getLong("duration_seconds")), AccessRequest.Status.of(row.getString("status")),
				instant(row, "created_at"), instant(row, "pending_until"), row.getString("first_approver"),
				instant(row, "decided_at"), row.getString("decided_by"), row.getString("decision_comment"),
				instant(row, "grant_expires_at"), instant(row, "revoked_at"), row.getString("revoked_by"),
				(row.getObject("promoted_version") != null) ? row.getLong("promoted_version") : null);
	}

	private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
