package dev.fastshop.commons.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** Real HTTP servers on 127.0.0.1: one that answers, one that takes requests and never answers (a hung process). */
class LivenessProbeTest {

    private static Vertx vertx;
    private static HttpServer answering;
    private static HttpServer hung;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        answering = await(vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(404)
                .end()).listen(0, "127.0.0.1"));
        hung = await(vertx.createHttpServer().requestHandler(request -> {
        }).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void aServiceThatAnswersIsAlive() throws Exception {
        assertTrue(await(probe(answering).answers(System.nanoTime())));
    }

    @Test
    void aServiceThatAnswersNothingIsHung() throws Exception {
        long start = System.nanoTime();
        assertFalse(await(probe(hung).answers(start)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000, "the probe bounds its wait");
    }

    @Test
    void anAnswerToAnotherCallSinceThisOneWasSentIsProofOfLife() throws Exception {
        LivenessProbe probe = probe(hung);
        long sent = System.nanoTime();
        probe.heard();
        assertTrue(await(probe.answers(sent)), "answered a call after this one was sent");
    }

    @Test
    void anAnswerBeforeThisCallWasSentIsNot() throws Exception {
        LivenessProbe probe = probe(hung);
        probe.heard();
        assertFalse(await(probe.answers(System.nanoTime())), "a process can freeze right after answering");
    }

    @Test
    void anAnswerDuringTheProbeCountsToo() throws Exception {
        LivenessProbe probe = probe(hung);
        Future<Boolean> answer = probe.answers(System.nanoTime());
        vertx.setTimer(200, id -> probe.heard());
        assertTrue(await(answer), "a call was answered while the probe waited");
    }

    private static LivenessProbe probe(HttpServer server) {
        return new LivenessProbe(vertx, "127.0.0.1", server.actualPort(), false);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
