package dev.fastshop.order.rest;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.fastshop.order.config.DiagnosticsConfig;
import dev.fastshop.order.repository.SqlStatements;

/** When enabled, reports the number of SQL statements a request ran in {@code X-Sql-Statements}. */
public class SqlStatementsFilter {

    static final String HEADER = "X-Sql-Statements";

    private final DiagnosticsConfig config;

    public SqlStatementsFilter(DiagnosticsConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public void start() {
        if (config.sqlStatementsHeader()) {
            SqlStatements.startCounting();
        }
    }

    @ServerResponseFilter
    public void report(ContainerResponseContext response) {
        if (config.sqlStatementsHeader()) {
            int counted = SqlStatements.counted();
            if (counted >= 0) {
                response.getHeaders().putSingle(HEADER, counted);
            }
        }
    }
}
