package dev.fastshop.commons.rest;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.commons.FastshopMain;

/**
 * Refuses a request whose target is not a valid URI (a bare or malformed percent escape, braces, a backslash, a
 * control character) with a 400 problem+json, as the first handler of every service's routers, the management one
 * included. Quarkus makes the same check before the router but answers with an empty body; {@link FastshopMain}
 * switches that one off, so this one answers, and nothing after it (route matching, query parsing) sees a target it
 * would throw on. On the management port, which has no JAX-RS resources, it also answers unknown paths with a 404
 * problem+json instead of Vert.x's HTML page.
 */
@ApplicationScoped
public class RequestTargetCheck {

    /** Before every other handler, the gateway's edge filter included. */
    public static final int ORDER = Integer.MIN_VALUE + 50;
    private static final String DETAIL = "The request target is not a valid URI (RFC 3986): percent-encode it";

    private final RouteProblems problems;

    public RequestTargetCheck(RouteProblems problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void registerManagement(@Observes ManagementInterface management) {
        management.router().route().order(ORDER).handler(this::handle);
        management.router().route().order(Integer.MAX_VALUE).handler(
                rc -> problems.send(rc, 404, "Not Found", "No management endpoint at this path", rc.request().path()));
    }

    void handle(RoutingContext rc) {
        if (isValid(rc.request().uri())) {
            rc.next();
        } else {
            problems.send(rc, 400, "Bad Request", DETAIL, null);
        }
    }

    static boolean isValid(String target) {
        if (target == null) {
            return false;
        }
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
