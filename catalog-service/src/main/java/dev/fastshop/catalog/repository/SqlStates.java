package dev.fastshop.catalog.repository;

import org.hibernate.JDBCException;

import io.vertx.pgclient.PgException;

/**
 * PostgreSQL's SQLSTATE of a refused statement, wherever it sits in a failure (the reactive client's
 * {@link PgException}, or Hibernate Reactive's {@link JDBCException} around it, possibly suppressed by a rollback's).
 */
public final class SqlStates {

    /** {@code numeric_value_out_of_range}: e.g. "integer out of range". */
    public static final String OUT_OF_RANGE = "22003";

    private SqlStates() {
    }

    public static boolean has(Throwable failure, String sqlState) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (sqlState.equals(of(cause))) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (sqlState.equals(of(suppressed))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String of(Throwable failure) {
        if (failure instanceof PgException pg) {
            return pg.getSqlState();
        }
        return failure instanceof JDBCException jdbc ? jdbc.getSQLState() : null;
    }
}
