package dev.fastshop.order.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.commons.domain.DomainException;
import dev.fastshop.commons.domain.OutboxWritten;
import dev.fastshop.commons.sql.WalPosition;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.client.CatalogClient;
import dev.fastshop.order.client.CatalogClient.ReservationOutcome;
import dev.fastshop.order.client.CatalogRestClient.Product;
import dev.fastshop.order.client.CatalogRestClient.ReservationLine;
import dev.fastshop.order.client.Deadline;
import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderJob;
import dev.fastshop.order.domain.OrderLine;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.domain.PlaceOrder;
import dev.fastshop.order.domain.RecordedResponse;
import dev.fastshop.order.repository.IdempotencyRepository;
import dev.fastshop.order.repository.OrderRepository;
import dev.fastshop.order.repository.OutboxRepository;
import dev.fastshop.order.repository.PendingReservationRepository;

/**
 * Placing and cancelling orders. Placing prices the cart with one catalog batch call, records the reservation it is
 * about to take as pending, reserves the stock with one reservation call keyed by the new order id, then consumes the
 * pending record and writes the idempotency key, the order and its outbox rows in one statement (one round trip, one
 * transaction). A reservation whose order did not commit is released again, at once or by {@link ReservationSweeper}.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Pool pool;
    private final CatalogClient catalog;
    private final OrderRepository orders;
    private final IdempotencyRepository idempotency;
    private final PendingReservationRepository pending;
    private final OutboxRepository outbox;
    private final OutboxMessages messages;
    private final Event<OutboxWritten> outboxWritten;
    private final OrderQueryService queries;
    private final OrderConfig config;
    private final ObjectMapper mapper;
    private final PlacedOrderResponse placedResponse;

    public OrderService(Pool pool, CatalogClient catalog, OrderRepository orders, IdempotencyRepository idempotency,
            PendingReservationRepository pending, OutboxRepository outbox, OutboxMessages messages,
            Event<OutboxWritten> outboxWritten,
            OrderQueryService queries, OrderConfig config, ObjectMapper mapper,
            PlacedOrderResponse placedResponse) {
        this.pool = pool;
        this.catalog = catalog;
        this.orders = orders;
        this.idempotency = idempotency;
        this.pending = pending;
        this.outbox = outbox;
        this.messages = messages;
        this.outboxWritten = outboxWritten;
        this.queries = queries;
        this.config = config;
        this.mapper = mapper;
        this.placedResponse = placedResponse;
    }

    /** Places the order, or replays the response first given for this key. */
    public Uni<RecordedResponse> place(Customer customer, String key, PlaceOrder request) {
        String hash = hash(request);
        return idempotency.find(customer.id(), key).chain(entry -> entry != null
                ? Uni.createFrom().item(() -> replay(entry, hash))
                : create(customer, key, hash, request));
    }

    /**
     * Cancels an order that has not shipped, releases its reservation; cancelling twice changes nothing. The state
     * change is one SQL transaction: the order row locked, its status and version changed, the {@code OrderCancelled}
     * event added to the outbox.
     */
    public Uni<Order> cancel(Customer customer, UUID orderId) {
        OffsetDateTime now = now();
        return pool.withTransaction(tx -> orders.lockVisible(tx, orderId, customer).chain(order -> {
            if (order == null) {
                return Uni.createFrom().failure(DomainException.notFound("No order " + orderId));
            }
            if (order.status() == OrderStatus.CANCELLED) {
                return Uni.createFrom().item(false);
            }
            if (order.status() != OrderStatus.PLACED) {
                return Uni.createFrom().failure(DomainException.conflict("The order has shipped; it cannot be "
                        + "cancelled"));
            }
            return orders.changeStatus(tx, orderId, OrderStatus.CANCELLED, now)
                    .chain(() -> outbox.add(tx, List.of(messages.cancelled(orderId, order.customerId(), now))))
                    .replaceWith(true);
        })).invoke(changed -> {
            if (changed) {
                outboxWritten.fire(new OutboxWritten());
            }
        })
                // Released after the commit and on every repeat: a release that failed once is retried by the
                // client's next (idempotent) cancel, and stock is never freed for an order that still stands.
                .chain(() -> catalog.release(orderId, Deadline.in(config.catalogBudget())).onFailure()
                        .transform(OrderService::catalogUnavailable))
                .chain(() -> queries.get(customer, orderId, WalPosition.LATEST));
    }

    private Uni<RecordedResponse> create(Customer customer, String key, String hash, PlaceOrder request) {
        List<Long> productIds = distinctProductIds(request);
        UUID orderId = UUID.randomUUID();
        Deadline deadline = Deadline.in(config.catalogBudget());
        return catalog.products(productIds, deadline)
                .onFailure().transform(OrderService::catalogUnavailable)
                .map(products -> price(orderId, customer, request, products))
                // Recorded before the catalog is asked: if this instance dies, or the call times out after the
                // catalog reserved, the sweeper finds the reservation and gives the stock back.
                .chain(order -> pending.record(orderId)
                        .chain(() -> catalog.reserve(orderId, reservationLines(order), deadline)
                                .onFailure().transform(OrderService::catalogUnavailable)
                                .invoke(OrderService::requireReserved)
                                .chain(() -> persist(key, hash, order))
                                .onFailure().call(failure -> compensate(orderId, failure))))
                .invoke(() -> outboxWritten.fire(new OutboxWritten()))
                .onFailure(KeyTaken.class).recoverWithUni(() -> idempotency.find(customer.id(), key)
                        .map(entry -> replay(entry, hash)));
    }

    private Uni<RecordedResponse> persist(String key, String hash, Order order) {
        RecordedResponse response = placedResponse.render(order);
        OffsetDateTime expires = order.createdAt().plus(config.idempotencyTtl());
        return orders.place(order, key, hash, response, expires, messages.placed(order, config.taxRate()))
                .map(placement -> switch (placement) {
                    case PLACED -> response;
                    case KEY_TAKEN -> throw new KeyTaken();
                    case RESERVATION_LAPSED -> throw DomainException.unavailable("The order took too long and its "
                            + "stock reservation was given up; retry with the same Idempotency-Key", RETRY_AFTER);
                });
    }

    /**
     * Compensation: the order did not commit, so its stock must not stay reserved. When the catalog is what failed,
     * the caller gets its 503 at once and the release goes on behind it: waiting on a catalog that did not answer
     * would only take the caller past its deadline. A release that does not get through leaves the pending
     * reservation for the sweeper; one that arrives before the late reservation makes the catalog refuse it.
     */
    private Uni<Void> compensate(UUID orderId, Throwable cause) {
        if (!(cause instanceof KeyTaken || cause instanceof DomainException)) {
            LOG.warnf("Order %s did not commit (%s); releasing its reservation", orderId, cause.toString());
        }
        Uni<Void> release = release(orderId);
        if (cause instanceof DomainException e && e.kind() == DomainException.Kind.UNAVAILABLE) {
            release.subscribe().with(ignored -> {
            });
            return Uni.createFrom().voidItem();
        }
        return release;
    }

    private Uni<Void> release(UUID orderId) {
        return catalog.release(orderId, Deadline.in(config.catalogBudget())).chain(() -> pending.forget(orderId))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Could not release the reservation of uncommitted order %s now (%s); the sweeper will",
                            orderId, failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private RecordedResponse replay(IdempotencyRepository.Entry entry, String hash) {
        if (entry == null) {
            throw DomainException.conflict("A request with this Idempotency-Key is in progress; retry shortly");
        }
        if (!entry.requestHash().equals(hash)) {
            throw DomainException.rejected("This Idempotency-Key was already used with a different request body");
        }
        return entry.response();
    }

    private Order price(UUID orderId, Customer customer, PlaceOrder request, List<Product> products) {
        Map<Long, Product> byId = products.stream()
                .collect(Collectors.toMap(Product::id, Function.identity(), (a, b) -> a));
        List<DomainException.FieldError> unknown = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        Set<String> currencies = new HashSet<>();
        for (int i = 0; i < request.lines().size(); i++) {
            PlaceOrder.Line line = request.lines().get(i);
            Product product = byId.get(line.productId());
            if (product == null || product.price() == null) {
                unknown.add(new DomainException.FieldError("lines[" + i + "].productId", "unknown product"));
                continue;
            }
            currencies.add(product.price().currency());
            lines.add(new OrderLine(product.id(), product.sku(), product.name(), product.price().amount(),
                    line.quantity()));
        }
        if (!unknown.isEmpty()) {
            throw DomainException.rejected("The cart names products the catalog does not have", unknown);
        }
        if (currencies.size() != 1) {
            throw DomainException.rejected("The cart mixes currencies; place one order per currency");
        }
        BigDecimal subtotal = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal tax = subtotal.multiply(config.taxRate()).setScale(2, RoundingMode.HALF_UP);
        OffsetDateTime now = now();
        return new Order(orderId, customer.id(), OrderStatus.PLACED, request.email(),
                request.shippingAddress(), lines, subtotal, tax, subtotal.add(tax),
                currencies.iterator().next(), now, now,
                new OrderJob(UUID.randomUUID(), JobType.INVOICE, JobStatus.PENDING, null),
                new OrderJob(UUID.randomUUID(), JobType.EMAIL, JobStatus.PENDING, null));
    }

    private static void requireReserved(ReservationOutcome outcome) {
        switch (outcome) {
            case OUT_OF_STOCK -> throw DomainException.conflict(
                    "Not enough stock for at least one line; nothing was reserved");
            case UNKNOWN_PRODUCT ->
                throw DomainException.rejected("The cart names a product the catalog does not have");
            default -> {
            }
        }
    }

    private static List<ReservationLine> reservationLines(Order order) {
        return order.lines().stream().map(l -> new ReservationLine(l.productId(), l.quantity())).toList();
    }

    private static List<Long> distinctProductIds(PlaceOrder request) {
        List<Long> ids = request.lines().stream().map(PlaceOrder.Line::productId).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw DomainException.invalid("lines", "each product may appear on one line only");
        }
        return ids;
    }

    /** SHA-256 of the request as parsed, so formatting and key order of the JSON do not matter. */
    private String hash(PlaceOrder request) {
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
        return DomainException.unavailable("The catalog service is unavailable; retry shortly", RETRY_AFTER);
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
