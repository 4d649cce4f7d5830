package io.customerdata.gateway.audit;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a database that cannot be reached means "spool and try again later"; a refusal of
 * the data is the batch's, and must not stop the trail.
 */
class DatabaseFailuresTests {

	@Test
	void noConnectionIsTheDatabaseAway() {
		assertThat(DatabaseFailures.away(new CannotGetJdbcConnectionException("no connection",
				new SQLTransientConnectionException("pool timed out"))))
			.isTrue();
		assertThat(DatabaseFailures.away(
				new CannotCreateTransactionException("begin failed", new SQLException("connection refused", "08001"))))
			.isTrue();
	}

	@Test
	void aConnectionLostMidStatementIsTheDatabaseAway() {
		assertThat(DatabaseFailures
			.away(new UncategorizedSQLException("insert", "insert …", new SQLException("I/O error", "08006"))))
			.isTrue();
	}

	@Test
	void aValueTooLongOrAConstraintIsTheBatchsContent() {
		assertThat(DatabaseFailures.away(new DataIntegrityViolationException("too long",
				new SQLException("value too long for type character varying(255)", "22001"))))
			.isFalse();
		assertThat(DatabaseFailures
			.away(new DataIntegrityViolationException("null", new SQLException("null value in column", "23502"))))
			.isFalse();
		assertThat(DatabaseFailures
			.away(new BadSqlGrammarException("insert", "insert …", new SQLException("no relation", "42P01"))))
			.isFalse();
	}

	@Test
	void aDescriptionNamesTheFailureButNotTheDatabasesMessage() {
		String description = DatabaseFailures.describe(new DataIntegrityViolationException("x",
				new SQLException("Value too long for column: 'ACC-secret-value'", "22001")));

		assertThat(description).isEqualTo("DataIntegrityViolationException (SQLState 22001)");
	}

}
