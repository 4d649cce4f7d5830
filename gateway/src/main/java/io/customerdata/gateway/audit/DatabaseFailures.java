package io.customerdata.gateway.audit;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that is away from one that refuses what it was given. Only the first
 * means "try again later": no connection ({@code CannotGetJdbcConnectionException},
 * {@code CannotCreateTransactionException}), a connection lost (SQLState class
 * {@code 08}, {@code SQLNonTransientConnectionException},
 * {@code SQLRecoverableException}), a database out of resources
 * ({@code DataAccessResourceFailureException}: disk full, too many connections), or a
 * failure its driver declares transient (a lock or statement timeout), which is never
 * about the data. Anything else (a value too long for its column, a constraint) is the
 * batch's content.
 */
final class DatabaseFailures {

	private DatabaseFailures() {
	}

	static boolean away(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof SQLNonTransientConnectionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What the database said, without its message (which may quote the value): the
	 * exception's class and the SQLState.
	 */
	static String describe(Throwable failure) {
		String state = null;
		for (Throwable cause = failure; cause != null && state == null; cause = next(cause)) {
			if (cause instanceof SQLException sql) {
				state = sql.getSQLState();
			}
		}
		return failure.getClass().getSimpleName() + ((state != null) ? " (SQLState " + state + ")" : "");
	}

	private static @Nullable Throwable next(Throwable cause) {
		return (cause.getCause() != cause) ? cause.getCause() : null;
	}

}
