package dev.fastshop.commons.rest;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Handler;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.Deployment;
import io.vertx.core.impl.VertxInternal;

import dev.fastshop.commons.FastshopMain;

/**
 * Answers the requests the HTTP/1.1 decoder itself refuses, before any route runs (Transfer-Encoding together with
 * Content-Length, a header line without a colon, a request line or headers past the decoder's limits), with a
 * problem+json and the request id, where Vert.x answers a bodiless 400, 414 or 431.
 * <p>
 * Vert.x has the hook ({@code HttpServer.invalidRequestHandler}), but Quarkus creates its servers and listens
 * without offering it. So, once the servers listen ({@link FastshopMain} calls {@link #install()} then), this sets the
 * handler on each public server's connection handler, which passes it to every new connection. That reaches into
 * Vert.x 4.5 internals (registered for reflection, for native executables): {@link #install} fails loudly if they
 * change, and {@code HostileInputIT} sends such requests to every service. The management port is internal and keeps
 * Vert.x' answer.
 */
@ApplicationScoped
@RegisterForReflection(classNames = {"io.quarkus.vertx.http.runtime.VertxHttpRecorder$WebDeploymentVerticle",
        "io.vertx.core.net.impl.TCPServerBase", "io.vertx.core.http.impl.HttpServerWorker",
        "io.vertx.core.http.impl.HttpServerConnectionHandler"}, methods = false)
public class MalformedRequestProblems {

    private static final Logger LOG = Logger.getLogger(MalformedRequestProblems.class);

    private final Vertx vertx;
    private final RouteProblems problems;

    public MalformedRequestProblems(Vertx vertx, RouteProblems problems) {
        this.vertx = vertx;
        this.problems = problems;
    }

    /** Called once every HTTP server listens, by {@link FastshopMain}. */
    public void install() {
        if (install(vertx, this::answer) == 0) {
            LOG.warn("No HTTP server found: malformed requests get Vert.x' bodiless answers");
        }
    }

    void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String title;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            title = "URI Too Long";
            detail = "The request line is longer than this server accepts";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            title = "Request Header Fields Too Large";
            detail = "The request headers are larger than this server accepts";
        } else if (cause instanceof ContentLengthNotAllowedException) {
            status = 400;
            title = "Bad Request";
            detail = "Content-Length is not allowed together with Transfer-Encoding (RFC 9112, section 6.1)";
        } else {
            status = 400;
            title = "Bad Request";
            detail = "The request is not a valid HTTP/1.1 message (RFC 9112)";
        }
        HttpServerResponse response = request.response();
        // The decoder has dropped the rest of the input, so the connection cannot carry another request.
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        problems.send(request, status, title, detail, null).onComplete(done -> response.close());
    }

    /** Sets {@code handler} on every HTTP server deployed as a verticle; returns how many it reached. */
    static int install(Vertx vertx, Handler<HttpServerRequest> handler) {
        VertxInternal internal = (VertxInternal) vertx;
        List<HttpServer> servers = new ArrayList<>();
        for (String id : internal.deploymentIDs()) {
            Deployment deployment = internal.getDeployment(id);
            if (deployment != null) {
                for (Verticle verticle : deployment.getVerticles()) {
                    servers.addAll(serversOf(verticle));
                }
            }
        }
        try {
            for (HttpServer server : servers) {
                // HttpServerImpl -> its HttpServerWorker -> the HttpServerConnectionHandler every connection passes.
                Object worker = read(server, "io.vertx.core.net.impl.TCPServerBase", "childHandler");
                Object connections = read(worker, "io.vertx.core.http.impl.HttpServerWorker", "connectionHandler");
                write(connections, "io.vertx.core.http.impl.HttpServerConnectionHandler", "invalidRequestHandler",
                        handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Vert.x' server internals changed: malformed requests cannot be answered "
                    + "with problem+json; update MalformedRequestProblems", e);
        }
        return servers.size();
    }

    private static List<HttpServer> serversOf(Verticle verticle) {
        List<HttpServer> servers = new ArrayList<>();
        for (Field field : verticle.getClass().getDeclaredFields()) {
            if (HttpServer.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    if (field.get(verticle) instanceof HttpServer server) {
                        servers.add(server);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("Cannot read the HTTP server of " + verticle.getClass(), e);
                }
            }
        }
        return servers;
    }

    private static Object read(Object target, String owner, String name) throws ReflectiveOperationException {
        Object value = field(target, owner, name).get(target);
        if (value == null) {
            throw new IllegalStateException(owner + "." + name + " is not set: is the server listening?");
        }
        return value;
    }

    private static void write(Object target, String owner, String name, Object value)
            throws ReflectiveOperationException {
        field(target, owner, name).set(target, value);
    }

    private static Field field(Object target, String owner, String name) throws ReflectiveOperationException {
        Field field = Class.forName(owner, false, target.getClass().getClassLoader()).getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
