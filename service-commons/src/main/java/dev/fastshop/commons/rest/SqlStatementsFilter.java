package dev.fastshop.commons.rest;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.fastshop.commons.config.DiagnosticsConfig;
import dev.fastshop.commons.sql.StatementCounter;

/**
 * When {@code fastshop.diagnostics.sql-statements-header} is on, reports the number of SQL statements a request ran
 * (the reactive client's and Hibernate's) in {@code X-Sql-Statements}.
 */
public class SqlStatementsFilter {

    public static final String HEADER = "X-Sql-Statements";

    private final boolean enabled;

    public SqlStatementsFilter(DiagnosticsConfig config) {
        this.enabled = config.sqlStatementsHeader();
        if (enabled) {
            StatementCounter.countHibernateStatements();
        }
    }

    @ServerRequestFilter
    public void start() {
        if (enabled) {
            StatementCounter.startCounting();
        }
    }

    @ServerResponseFilter
    public void report(ContainerResponseContext response) {
        if (enabled) {
            int counted = StatementCounter.counted();
            if (counted >= 0) {
                response.getHeaders().putSingle(HEADER, counted);
            }
        }
    }
}
