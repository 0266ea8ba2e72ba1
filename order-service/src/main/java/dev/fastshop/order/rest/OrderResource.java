package dev.fastshop.order.rest;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

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

/**
 * The order API. Every call needs a user JWT with group {@code customer} (or {@code admin}); its subject is the
 * customer, group {@code admin} sees every order. Links in bodies carry the gateway's {@code X-Forwarded-Prefix}.
 */
@Path("/orders")
@RolesAllowed({OrderResource.CUSTOMER_GROUP, OrderResource.ADMIN_GROUP})
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CUSTOMER_GROUP = "customer";
    static final String ADMIN_GROUP = "admin";
    private static final int MAX_KEY_LENGTH = 100;
    /** Printable ASCII: the key is stored as text and echoed in logs, so control characters have no place in it. */
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]+");
    /** Exactly the canonical form: {@link UUID#fromString} alone would accept "1-1-1-1-1". */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LIMIT = Pattern.compile("\\d{1,9}");
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
            @NotNull @Valid PlaceOrderRequest request) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badParameter(IDEMPOTENCY_KEY, "this header is required");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.badParameter(IDEMPOTENCY_KEY, "at most " + MAX_KEY_LENGTH + " characters");
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badParameter(IDEMPOTENCY_KEY, "printable ASCII characters only");
        }
        // Location is this service's own path: the gateway rewrites headers to its paths (bodies take the prefix).
        return orders.place(customer(), key, request.toCommand())
                .map(stored -> Response.status(stored.status()).location(URI.create(stored.location()))
                        .type(MediaType.APPLICATION_JSON).entity(stored.body()).build());
    }

    @GET
    @Path("/{id}")
    public Uni<OrderResponse> get(
            @RestPath @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String id,
            @Parameter(hidden = true) @HeaderParam(Links.FORWARDED_PREFIX) String prefix,
            @HeaderParam(ReadAfterWriteFilter.HEADER) String readAfter) {
        Links links = Links.forwarded(prefix);
        return queries.get(customer(), orderId(id), ReadAfterWriteFilter.position(readAfter))
                .map(order -> OrderResponse.from(order, links));
    }

    @GET
    public Uni<OrderPage> list(@QueryParam("status") String status,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) String limit,
            @QueryParam("cursor") String cursor,
            @Parameter(hidden = true) @HeaderParam(Links.FORWARDED_PREFIX) String prefix,
            @HeaderParam(ReadAfterWriteFilter.HEADER) String readAfter) {
        Links links = Links.forwarded(prefix);
        return queries.page(customer(), status(status), cursor(cursor), pageSize(limit),
                ReadAfterWriteFilter.position(readAfter)).map(page -> OrderPage.from(page, links));
    }

    @GET
    @Path("/{id}/invoice")
    @Produces({PDF, MediaType.APPLICATION_JSON})
    public Uni<Response> invoice(
            @RestPath @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String id,
            @HeaderParam(ReadAfterWriteFilter.HEADER) String readAfter) {
        UUID orderId = orderId(id);
        return queries.invoice(customer(), orderId, ReadAfterWriteFilter.position(readAfter))
                .map(document -> Response.ok(document.content(), PDF)
                        .header("Content-Disposition", "inline; filename=\"invoice-" + orderId + ".pdf\"")
                        .header(HttpHeaders.ETAG, "\"" + document.sha256() + "\"").build());
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<OrderResponse> cancel(
            @RestPath @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String id,
            @Parameter(hidden = true) @HeaderParam(Links.FORWARDED_PREFIX) String prefix) {
        Links links = Links.forwarded(prefix);
        return orders.cancel(customer(), orderId(id)).map(order -> OrderResponse.from(order, links));
    }

    private Customer customer() {
        String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
        return new Customer(subject, jwt.getGroups() != null && jwt.getGroups().contains(ADMIN_GROUP));
    }

    /** A malformed id is a bad request, not "no such order" (JAX-RS would answer 404 for a failed conversion). */
    private static UUID orderId(String id) {
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badParameter("id", "must be a UUID");
        }
        return UUID.fromString(id);
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.defaultPageSize();
        }
        int size = LIMIT.matcher(limit).matches() ? Integer.parseInt(limit) : -1;
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.badParameter("limit", "an integer between 1 and " + config.maxPageSize());
        }
        return size;
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
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("cursor", "not a cursor from a previous page");
        }
    }
}
