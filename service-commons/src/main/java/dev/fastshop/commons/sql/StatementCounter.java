package dev.fastshop.commons.sql;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The SQL statements of the current request, counted in its Vert.x (duplicated) context once a request started a
 * count: the statements run through {@link SqlStatements} and, with {@link #countHibernateStatements()}, those
 * Hibernate Reactive runs (Panache), so an endpoint's statement budget is observable and testable whatever runs it.
 */
public final class StatementCounter {

    private static final String COUNT_KEY = "fastshop.sql.statements";
    /** Hibernate logs every statement it sends here, at DEBUG, on the calling request's context. */
    private static final String HIBERNATE_SQL_LOGGER = "org.hibernate.SQL";

    private StatementCounter() {
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

    static void count(int statements) {
        AtomicInteger count = counter();
        if (count != null) {
            count.addAndGet(statements);
        }
    }

    /**
     * Counts Hibernate's statements too, from its SQL log: that logger is set to DEBUG and its records go to this
     * counter only, not to the console. For diagnostics (tests, the bench), never in production.
     */
    public static synchronized void countHibernateStatements() {
        Logger logger = Logger.getLogger(HIBERNATE_SQL_LOGGER);
        for (Handler handler : logger.getHandlers()) {
            if (handler instanceof CountingHandler) {
                return;
            }
        }
        logger.setLevel(Level.FINE);
        logger.setUseParentHandlers(false);
        logger.addHandler(new CountingHandler());
    }

    private static AtomicInteger counter() {
        Context context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) ? context.getLocal(COUNT_KEY) : null;
    }

    private static final class CountingHandler extends Handler {

        @Override
        public void publish(LogRecord record) {
            count(1);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
