package dev.fastshop.order.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.rest.Problem;
import dev.fastshop.commons.rest.ProblemException;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.client.CatalogClient;
import dev.fastshop.order.client.CatalogClient.ReservationOutcome;
import dev.fastshop.order.client.CatalogRestClient.Product;
import dev.fastshop.order.client.CatalogRestClient.ReservationLine;
import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderJob;
import dev.fastshop.order.domain.OrderLine;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.messaging.OutboxMessages;
import dev.fastshop.order.messaging.OutboxRelay;
import dev.fastshop.order.repository.IdempotencyRepository;
import dev.fastshop.order.repository.IdempotencyRepository.StoredResponse;
import dev.fastshop.order.repository.OrderEntityRepository;
import dev.fastshop.order.repository.OrderRepository;
import dev.fastshop.order.repository.OutboxEntityRepository;
import dev.fastshop.order.rest.dto.OrderLineRequest;
import dev.fastshop.order.rest.dto.PlaceOrderRequest;

/**
 * Placing and cancelling orders. Placing prices the cart with one catalog batch call, reserves the stock with one
 * reservation call keyed by the new order id, then writes the idempotency key, the order and its outbox rows in one
 * statement (one round trip, one transaction). A reservation whose order did not commit is released again.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    private static final int CREATED = 201;
    private static final int UNPROCESSABLE = 422;
    private static final int RETRY_AFTER_SECONDS = 1;

    private final CatalogClient catalog;
    private final OrderRepository orders;
    private final OrderEntityRepository orderEntities;
    private final IdempotencyRepository idempotency;
    private final OutboxEntityRepository outboxEntities;
    private final OutboxMessages messages;
    private final OutboxRelay relay;
    private final OrderQueryService queries;
    private final InlineInvoiceService inlineInvoice;
    private final OrderConfig config;
    private final ObjectMapper mapper;
    private final PlacedOrderBody placedBody;

    public OrderService(CatalogClient catalog, OrderRepository orders,
            OrderEntityRepository orderEntities, IdempotencyRepository idempotency,
            OutboxEntityRepository outboxEntities, OutboxMessages messages, OutboxRelay relay,
            OrderQueryService queries, InlineInvoiceService inlineInvoice, OrderConfig config, ObjectMapper mapper,
            PlacedOrderBody placedBody) {
        this.catalog = catalog;
        this.orders = orders;
        this.orderEntities = orderEntities;
        this.idempotency = idempotency;
        this.outboxEntities = outboxEntities;
        this.messages = messages;
        this.relay = relay;
        this.queries = queries;
        this.inlineInvoice = inlineInvoice;
        this.config = config;
        this.mapper = mapper;
        this.placedBody = placedBody;
    }

    /** Places the order, or replays the response first given for this key. */
    public Uni<StoredResponse> place(Customer customer, String key, PlaceOrderRequest request) {
        String hash = hash(request);
        return idempotency.find(customer.id(), key).chain(stored -> stored != null
                ? Uni.createFrom().item(() -> replay(stored, hash))
                : create(customer, key, hash, request));
    }

    /**
     * Cancels an order that has not shipped, releases its reservation; cancelling twice changes nothing. The state
     * change is a Hibernate Reactive transaction: the order row locked, its status and version changed, the
     * {@code OrderCancelled} event added to the outbox.
     */
    public Uni<Order> cancel(Customer customer, UUID orderId) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> orderEntities.lockVisible(orderId, customer).chain(order -> {
            if (order == null) {
                return Uni.createFrom().failure(ProblemException.notFound("No order " + orderId));
            }
            if (order.status == OrderStatus.CANCELLED) {
                return Uni.createFrom().item(false);
            }
            if (order.status != OrderStatus.PLACED) {
                return Uni.createFrom().failure(ProblemException.conflict("The order has shipped; it cannot be "
                        + "cancelled"));
            }
            order.status = OrderStatus.CANCELLED;
            order.updatedAt = now;
            return outboxEntities.add(List.of(messages.cancelled(orderId, order.customerId, now))).replaceWith(true);
        })).invoke(changed -> {
            if (changed) {
                relay.wake();
            }
        })
                // Released after the commit and on every repeat: a release that failed once is retried by the
                // client's next (idempotent) cancel, and stock is never freed for an order that still stands.
                .chain(() -> catalog.release(orderId).onFailure()
                        .transform(OrderService::catalogUnavailable))
                .chain(() -> queries.get(customer, orderId));
    }

    private Uni<StoredResponse> create(Customer customer, String key, String hash, PlaceOrderRequest request) {
        List<Long> productIds = distinctProductIds(request);
        UUID orderId = UUID.randomUUID();
        return catalog.products(productIds)
                .onFailure().transform(OrderService::catalogUnavailable)
                .map(products -> price(orderId, customer, request, products))
                .chain(order -> catalog.reserve(orderId, reservationLines(order))
                        .onFailure().transform(OrderService::catalogUnavailable)
                        .invoke(OrderService::requireReserved)
                        .chain(() -> persist(key, hash, order)
                                .onFailure().call(failure -> release(orderId, failure)))
                        .call(() -> inlineInvoice.render(order)))
                .invoke(relay::wake)
                .onFailure(KeyTaken.class).recoverWithUni(() -> idempotency.find(customer.id(), key)
                        .map(stored -> replay(stored, hash)));
    }

    private Uni<StoredResponse> persist(String key, String hash, Order order) {
        StoredResponse response = new StoredResponse(hash, CREATED, "/orders/" + order.id(),
                placedBody.render(order));
        OffsetDateTime expires = order.createdAt().plus(config.idempotencyTtl());
        return orders.place(order, key, response, expires, messages.placed(order, config.taxRate()))
                .map(claimed -> {
                    if (!claimed) {
                        throw new KeyTaken();
                    }
                    return response;
                });
    }

    /** Compensation: the order did not commit, so its stock must not stay reserved. */
    private Uni<Void> release(UUID orderId, Throwable cause) {
        if (!(cause instanceof KeyTaken)) {
            LOG.warnf("Order %s did not commit (%s); releasing its reservation", orderId, cause.toString());
        }
        return catalog.release(orderId).onFailure().recoverWithUni(failure -> {
            LOG.errorf("Could not release the reservation of uncommitted order %s: %s", orderId, failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private StoredResponse replay(StoredResponse stored, String hash) {
        if (stored == null) {
            throw ProblemException.conflict("A request with this Idempotency-Key is in progress; retry shortly");
        }
        if (!stored.requestHash().equals(hash)) {
            throw new ProblemException(UNPROCESSABLE, "Unprocessable Content",
                    "This Idempotency-Key was already used with a different request body");
        }
        return stored;
    }

    private Order price(UUID orderId, Customer customer, PlaceOrderRequest request, List<Product> products) {
        Map<Long, Product> byId = products.stream()
                .collect(Collectors.toMap(Product::id, Function.identity(), (a, b) -> a));
        List<Problem.InvalidParam> unknown = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        Set<String> currencies = new HashSet<>();
        for (int i = 0; i < request.lines().size(); i++) {
            OrderLineRequest line = request.lines().get(i);
            Product product = byId.get(line.productId());
            if (product == null || product.price() == null) {
                unknown.add(new Problem.InvalidParam("lines[" + i + "].productId", "unknown product"));
                continue;
            }
            currencies.add(product.price().currency());
            lines.add(new OrderLine(product.id(), product.sku(), product.name(), product.price().amount(),
                    line.quantity()));
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(UNPROCESSABLE, "Unprocessable Content",
                    "The cart names products the catalog does not have", unknown, Map.of());
        }
        if (currencies.size() != 1) {
            throw new ProblemException(UNPROCESSABLE, "Unprocessable Content",
                    "The cart mixes currencies; place one order per currency");
        }
        BigDecimal subtotal = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal tax = subtotal.multiply(config.taxRate()).setScale(2, RoundingMode.HALF_UP);
        OffsetDateTime now = now();
        return new Order(orderId, customer.id(), OrderStatus.PLACED, request.email(),
                request.shippingAddress().toAddress(), lines, subtotal, tax, subtotal.add(tax),
                currencies.iterator().next(), now, now,
                new OrderJob(UUID.randomUUID(), JobType.INVOICE, JobStatus.PENDING, null),
                new OrderJob(UUID.randomUUID(), JobType.EMAIL, JobStatus.PENDING, null));
    }

    private static void requireReserved(ReservationOutcome outcome) {
        switch (outcome) {
            case OUT_OF_STOCK -> throw ProblemException.conflict(
                    "Not enough stock for at least one line; nothing was reserved");
            case UNKNOWN_PRODUCT -> throw new ProblemException(UNPROCESSABLE, "Unprocessable Content",
                    "The cart names a product the catalog does not have");
            default -> {
            }
        }
    }

    private static List<ReservationLine> reservationLines(Order order) {
        return order.lines().stream().map(l -> new ReservationLine(l.productId(), l.quantity())).toList();
    }

    private static List<Long> distinctProductIds(PlaceOrderRequest request) {
        List<Long> ids = request.lines().stream().map(OrderLineRequest::productId).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw ProblemException.badParameter("lines", "each product may appear on one line only");
        }
        return ids;
    }

    /** SHA-256 of the request as parsed, so formatting and key order of the JSON do not matter. */
    private String hash(PlaceOrderRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(json(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Request records always serialize", e);
        }
    }

    private static Throwable catalogUnavailable(Throwable failure) {
        LOG.warnf("Catalog call failed: %s", failure.toString());
        return ProblemException.unavailable("The catalog service is unavailable; retry shortly",
                RETRY_AFTER_SECONDS);
    }

    private static OffsetDateTime now() {
        // PostgreSQL keeps microseconds: truncating keeps keyset cursors exact.
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** Another request committed an order under the same key first. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super("Idempotency-Key already claimed", null, false, false);
        }
    }
}
