package dev.fastshop.commons.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

class ProblemMappersTest {

    @Test
    void aRefusedConnectionDeepInTheCauseChainIsAnUnavailableDependency() {
        Throwable wrapped = new CompletionException(new IllegalStateException("pool", new ConnectException("refused")));
        assertTrue(ProblemMappers.isUnavailableDependency(wrapped));
        assertTrue(ProblemMappers.isUnavailableDependency(new TimeoutException()));
    }

    /** Answers of a PostgreSQL that restarts ({@code ./fastshop chaos postgres-crash} got a 500 for the first). */
    @Test
    void aDatabaseThatCannotTakeWorkIsAnUnavailableDependency() {
        assertTrue(ProblemMappers.isUnavailableDependency(
                new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertTrue(ProblemMappers.isUnavailableDependency(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(ProblemMappers.isUnavailableDependency(new RuntimeException(ClosedConnectionException.INSTANCE)));
        // A pooled connection reset by a fast shutdown (./fastshop chaos postgres-restart got a 500 for it).
        assertTrue(ProblemMappers.isUnavailableDependency(new SocketException("Connection reset")));
        assertFalse(ProblemMappers.isUnavailableDependency(
                new PgException("integer out of range", "ERROR", "22003", null)));
    }

    @Test
    void aBugIsNotAnUnavailableDependency() {
        assertFalse(ProblemMappers.isUnavailableDependency(new IllegalStateException("bug")));
        assertFalse(ProblemMappers.isUnavailableDependency(new NullPointerException()));
    }

    @Test
    void badParameterNamesTheParameter() {
        ProblemException e = ProblemException.badParameter("limit", "must be between 1 and 100");
        assertEquals(400, e.status());
        assertEquals("limit", e.invalidParams().get(0).name());
        assertEquals("Invalid parameter 'limit': must be between 1 and 100", e.getMessage());
    }

    @Test
    void unavailableTellsTheClientWhenToRetry() {
        ProblemException e = ProblemException.unavailable("catalog is down", 2);
        assertEquals(503, e.status());
        assertEquals("2", e.headers().get("Retry-After"));
    }
}
