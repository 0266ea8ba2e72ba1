package dev.fastshop.commons.sql;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way repositories run SQL through the reactive client: each statement is counted ({@link StatementCounter})
 * in the current request, as Hibernate's are.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    public static Uni<RowSet<Row>> execute(SqlClient client, String sql, Tuple params) {
        return Uni.createFrom().deferred(() -> {
            StatementCounter.count(1);
            return client.preparedQuery(sql).execute(params);
        });
    }

    /** One pipelined batch: a single statement executed for several parameter tuples. */
    public static Uni<RowSet<Row>> executeBatch(SqlClient client, String sql, List<Tuple> params) {
        return Uni.createFrom().deferred(() -> {
            StatementCounter.count(1);
            return client.preparedQuery(sql).executeBatch(params);
        });
    }

    /** A statement without parameters, on the simple query protocol ({@code SET LOCAL}, a fixed {@code DELETE}). */
    public static Uni<RowSet<Row>> query(SqlClient client, String sql) {
        return Uni.createFrom().deferred(() -> {
            StatementCounter.count(1);
            return client.query(sql).execute();
        });
    }
}
