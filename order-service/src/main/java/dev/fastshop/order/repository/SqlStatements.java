package dev.fastshop.order.repository;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way repositories run SQL. Each statement is counted in the current request's context (when a request
 * started a count), so the statement budget of an endpoint is observable and testable.
 */
public final class SqlStatements {

    private static final String COUNT_KEY = "fastshop.sql.statements";

    private SqlStatements() {
    }

    public static Uni<RowSet<Row>> execute(SqlClient client, String sql, Tuple params) {
        return Uni.createFrom().deferred(() -> {
            count(1);
            return client.preparedQuery(sql).execute(params);
        });
    }

    /** One pipelined batch: a single statement executed for several parameter tuples. */
    public static Uni<RowSet<Row>> executeBatch(SqlClient client, String sql, List<Tuple> params) {
        return Uni.createFrom().deferred(() -> {
            count(1);
            return client.preparedQuery(sql).executeBatch(params);
        });
    }

    /** Starts counting the statements of the current request. */
    public static void startCounting() {
        Context context = Vertx.currentContext();
        if (context != null && VertxContext.isDuplicatedContext(context)) {
            context.putLocal(COUNT_KEY, new AtomicInteger());
        }
    }

    /** Statements run so far by the current request, or -1 when nobody counts. */
    public static int counted() {
        AtomicInteger count = counter();
        return count == null ? -1 : count.get();
    }

    private static void count(int statements) {
        AtomicInteger count = counter();
        if (count != null) {
            count.addAndGet(statements);
        }
    }

    private static AtomicInteger counter() {
        Context context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) ? context.getLocal(COUNT_KEY) : null;
    }
}
