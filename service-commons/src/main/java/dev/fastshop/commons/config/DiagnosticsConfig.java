package dev.fastshop.commons.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Opt-in diagnostics of the catalog and order services; off in production. */
@ConfigMapping(prefix = "fastshop.diagnostics")
public interface DiagnosticsConfig {

    /** Adds {@code X-Sql-Statements} (statements run for the request) to responses. */
    @WithDefault("false")
    boolean sqlStatementsHeader();
}
