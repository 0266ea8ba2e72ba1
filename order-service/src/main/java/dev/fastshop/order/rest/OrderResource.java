package dev.fastshop.order.rest;

import java.net.URI;
import java.time.DateTimeException;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.rest.ProblemException;
import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.repository.PageCursor;
import dev.fastshop.order.rest.dto.OrderPage;
import dev.fastshop.order.rest.dto.OrderResponse;
import dev.fastshop.order.rest.dto.PlaceOrderRequest;
import dev.fastshop.order.service.OrderQueryService;
import dev.fastshop.order.service.OrderService;

/** The order API. Every call needs a JWT; its subject is the customer, group {@code admin} sees every order. */
@Path("/orders")
@Authenticated
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 100;
    private static final String ADMIN_GROUP = "admin";
    private static final String PDF = "application/pdf";

    private final OrderService orders;
    private final OrderQueryService queries;
    private final OrderConfig config;
    private final JsonWebToken jwt;

    public OrderResource(OrderService orders, OrderQueryService queries, OrderConfig config, JsonWebToken jwt) {
        this.orders = orders;
        this.queries = queries;
        this.config = config;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> place(@HeaderParam(IDEMPOTENCY_KEY) String key,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @NotNull @Valid PlaceOrderRequest request) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badParameter(IDEMPOTENCY_KEY, "this header is required");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.badParameter(IDEMPOTENCY_KEY, "at most " + MAX_KEY_LENGTH + " characters");
        }
        return orders.place(customer(), authorization, key, request)
                .map(stored -> Response.status(stored.status()).location(URI.create(stored.location()))
                        .type(MediaType.APPLICATION_JSON).entity(stored.body()).build());
    }

    @GET
    @Path("/{id}")
    public Uni<OrderResponse> get(@RestPath UUID id) {
        return queries.get(customer(), id);
    }

    @GET
    public Uni<OrderPage> list(@QueryParam("status") String status, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        int size = limit == null ? config.defaultPageSize() : limit;
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.badParameter("limit", "must be between 1 and " + config.maxPageSize());
        }
        return queries.page(customer(), status(status), cursor(cursor), size);
    }

    @GET
    @Path("/{id}/invoice")
    @Produces({PDF, MediaType.APPLICATION_JSON})
    public Uni<Response> invoice(@RestPath UUID id) {
        return queries.invoice(customer(), id).map(document -> Response.ok(document.content(), PDF)
                .header("Content-Disposition", "inline; filename=\"invoice-" + id + ".pdf\"")
                .header(HttpHeaders.ETAG, "\"" + document.sha256() + "\"").build());
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<OrderResponse> cancel(@RestPath UUID id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return orders.cancel(customer(), authorization, id);
    }

    private Customer customer() {
        String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
        return new Customer(subject, jwt.getGroups() != null && jwt.getGroups().contains(ADMIN_GROUP));
    }

    private static OrderStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("status", "one of PLACED, CANCELLED, SHIPPED");
        }
    }

    private static PageCursor cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return PageCursor.decode(cursor);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ProblemException.badParameter("cursor", "not a cursor from a previous page");
        }
    }
}
