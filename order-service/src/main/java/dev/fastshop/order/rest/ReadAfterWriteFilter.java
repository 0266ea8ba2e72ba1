package dev.fastshop.order.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.rest.ProblemException;
import dev.fastshop.commons.sql.ReadReplicas;
import dev.fastshop.commons.sql.WalPosition;

/**
 * Read-your-writes with read replicas: every successful write (place, cancel) answers with the primary's WAL position
 * after it in {@value #HEADER}; a client that sends it back on its next reads is served by a replica only once that
 * replica has replayed its write, else by the primary. Without replicas nothing is added.
 */
public class ReadAfterWriteFilter {

    public static final String HEADER = "Fastshop-Read-After";

    private final ReadReplicas replicas;

    public ReadAfterWriteFilter(ReadReplicas replicas) {
        this.replicas = replicas;
    }

    @ServerResponseFilter
    public Uni<Void> markWrites(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (!replicas.configured() || HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                || HttpMethod.OPTIONS.equals(method) || response.getStatus() >= 300) {
            return Uni.createFrom().voidItem();
        }
        // The write has committed; a primary that cannot say where it stands only costs the client its guarantee.
        return replicas.primaryPosition()
                .invoke(position -> response.getHeaders().putSingle(HEADER, position.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The position a read request carries; none → {@link WalPosition#NONE}, a malformed one → 400 naming it. */
    static WalPosition position(String header) {
        if (header == null || header.isBlank()) {
            return WalPosition.NONE;
        }
        try {
            return WalPosition.parse(header.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(HEADER, e.getMessage());
        }
    }
}
