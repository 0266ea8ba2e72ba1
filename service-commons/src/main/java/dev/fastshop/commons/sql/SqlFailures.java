package dev.fastshop.commons.sql;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/** What a reactive SQL client's failure says about the database. Loaded only where the SQL client is present. */
public final class SqlFailures {

    /** {@code too_many_connections}. */
    private static final String TOO_MANY_CONNECTIONS = "53300";

    private SqlFailures() {
    }

    /**
     * Whether this failure (not its causes) means the database cannot take work right now: a lost connection, a
     * connection exception (SQLSTATE class 08), a server shutting down or starting up (57P01-57P03) or out of
     * connections. All of them are seen while PostgreSQL restarts.
     */
    public static boolean unavailable(Throwable failure) {
        if (failure instanceof ClosedConnectionException) {
            return true;
        }
        if (failure instanceof DatabaseException database && database.getSqlState() != null) {
            String state = database.getSqlState();
            return state.startsWith("08") || state.startsWith("57P") || state.equals(TOO_MANY_CONNECTIONS);
        }
        return false;
    }
}
