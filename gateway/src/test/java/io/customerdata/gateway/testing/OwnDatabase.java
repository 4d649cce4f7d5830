package io.customerdata.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * A database of a test's own on this machine's PostgreSQL (127.0.0.1:5432, trust auth),
 * for a gateway that runs in a container and migrates its own schema: created empty,
 * dropped afterwards.
 */
public final class OwnDatabase implements AutoCloseable {

	public static final int PORT = 5432;

	private final String name;

	private OwnDatabase(String name) {
		this.name = name;
	}

	/** An empty database of this name; one left by an earlier run is dropped first. */
	public static OwnDatabase fresh(String name) throws SQLException {
		OwnDatabase database = new OwnDatabase(name);
		database.close();
		execute("test", "create database " + name);
		return database;
	}

	public String name() {
		return this.name;
	}

	/** How many audit events carry one of these trace ids. */
	public int auditEventsOf(Collection<String> traceIds) throws SQLException {
		try (Connection connection = connect(this.name);
				PreparedStatement statement = connection.prepareStatement(
						"select count(distinct event::jsonb ->> 'trace_id') from audit_event where event::jsonb ->> 'trace_id' = any (?)")) {
			statement.setArray(1, connection.createArrayOf("text", traceIds.toArray(String[]::new)));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	@Override
	public void close() throws SQLException {
		execute("test", "drop database if exists " + this.name + " with (force)");
	}

	private static void execute(String database, String sql) throws SQLException {
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PORT + "/" + database, "postgres", "");
	}

}
