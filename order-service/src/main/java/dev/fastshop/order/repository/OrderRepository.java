package dev.fastshop.order.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.ReadReplicas;
import dev.fastshop.commons.sql.SqlStatements;
import dev.fastshop.commons.sql.WalPosition;
import dev.fastshop.contracts.Address;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderJob;
import dev.fastshop.order.domain.OrderLine;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.domain.RecordedResponse;
import dev.fastshop.order.repository.OutboxRepository.OutboxMessage;

/**
 * Orders, their lines and job progress. Reading any number of orders costs two statements: the orders joined with
 * their two jobs, then all their lines at once. A state change (cancellation) locks the row and changes it on the
 * caller's transaction.
 */
@ApplicationScoped
public class OrderRepository {

    private static final String SELECT_ORDERS = """
            select o.id, o.customer_id, o.status, o.email, o.shipping_address::text as address, o.subtotal, o.tax,
                   o.total, o.currency, o.created_at, o.updated_at,
                   ij.job_id as invoice_job, ij.status as invoice_status, ij.reason as invoice_reason,
                   ej.job_id as email_job, ej.status as email_status, ej.reason as email_reason
            from orders o
            join order_jobs ij on ij.order_id = o.id and ij.type = 'INVOICE'
            join order_jobs ej on ej.order_id = o.id and ej.type = 'EMAIL'
            """;
    private static final String SELECT_LINES = """
            select order_id, product_id, sku, name, unit_price, quantity from order_items
            where order_id = any($1) order by order_id, line_no""";
    /**
     * Placing an order is one statement, so one round trip and its own transaction: the order's pending reservation
     * is locked (it must not have been abandoned), the Idempotency-Key is claimed (or an expired one taken over), and
     * only if both succeeded are the order, its lines, its two pending jobs and its outbox rows inserted and the
     * pending reservation consumed. The foreign keys are checked at the end of the statement, when the order row
     * exists.
     */
    private static final String PLACE = """
            with pending as (
                select 1 from pending_reservations where order_id = $9 and abandoned_at is null for update),
            claim as (
                insert into idempotency_keys (customer_id, key, request_hash, status_code, location, response,
                                              created_at, expires_at)
                select $1, $2, $3, $4, $5, $6, $7, $8 where exists (select from pending)
                on conflict (customer_id, key) do update
                  set request_hash = excluded.request_hash, status_code = excluded.status_code,
                      location = excluded.location, response = excluded.response,
                      created_at = excluded.created_at, expires_at = excluded.expires_at
                  where idempotency_keys.expires_at <= excluded.created_at
                returning 1),
            placed as (
                insert into orders (id, customer_id, status, email, shipping_address, subtotal, tax, total, currency,
                                    created_at, updated_at)
                select $9, $1, $10, $11, $12::text::jsonb, $13, $14, $15, $16, $7, $7 where exists (select from claim)
                returning id),
            lines as (
                insert into order_items (order_id, line_no, product_id, sku, name, unit_price, quantity)
                select placed.id, l.line_no, l.product_id, l.sku, l.name, l.unit_price::numeric, l.quantity
                from placed, unnest($17::int[], $18::bigint[], $19::text[], $20::text[], $21::text[], $22::int[])
                     as l(line_no, product_id, sku, name, unit_price, quantity)),
            jobs as (
                insert into order_jobs (job_id, order_id, type, status, updated_at)
                select j.job_id, placed.id, j.type, j.status, $7
                from placed, unnest($23::uuid[], $24::text[], $25::text[]) as j(job_id, type, status)),
            events as (
                insert into outbox (aggregate, aggregate_id, type, exchange, routing, payload)
                select e.aggregate, e.aggregate_id, e.type, e.exchange, e.routing, e.payload::jsonb
                from placed, unnest($26::text[], $27::uuid[], $28::text[], $29::text[], $30::text[], $31::text[])
                     as e(aggregate, aggregate_id, type, exchange, routing, payload)),
            consumed as (
                delete from pending_reservations where order_id = $9 and exists (select from placed))
            select (select count(*) from pending) as pending, (select count(*) from claim) as claimed""";

    private final Pool pool;
    private final ReadReplicas replicas;
    private final ObjectMapper mapper;

    public OrderRepository(Pool pool, ReadReplicas replicas, ObjectMapper mapper) {
        this.pool = pool;
        this.replicas = replicas;
        this.mapper = mapper;
    }

    /** What {@link #place} did. */
    public enum Placement {
        PLACED,
        /** Another request holds the Idempotency-Key: nothing was written. */
        KEY_TAKEN,
        /** The order's pending reservation was abandoned (or never recorded): nothing was written. */
        RESERVATION_LAPSED
    }

    /**
     * Consumes the order's pending reservation, claims the customer's Idempotency-Key and, if it was free (or
     * expired), writes the order with its lines, jobs and outbox rows, all in one statement.
     */
    public Uni<Placement> place(Order order, String key, String requestHash, RecordedResponse response,
            OffsetDateTime expiresAt, List<OutboxMessage> events) {
        int lineCount = order.lines().size();
        Integer[] lineNos = new Integer[lineCount];
        Long[] productIds = new Long[lineCount];
        String[] skus = new String[lineCount];
        String[] names = new String[lineCount];
        String[] unitPrices = new String[lineCount];
        Integer[] quantities = new Integer[lineCount];
        for (int i = 0; i < lineCount; i++) {
            OrderLine line = order.lines().get(i);
            lineNos[i] = i + 1;
            productIds[i] = line.productId();
            skus[i] = line.sku();
            names[i] = line.name();
            unitPrices[i] = line.unitPrice().toPlainString();
            quantities[i] = line.quantity();
        }
        List<OrderJob> jobs = List.of(order.invoiceJob(), order.emailJob());
        Tuple params = Tuple.tuple().addValue(order.customerId()).addValue(key).addValue(requestHash)
                .addValue(response.status()).addValue(response.location()).addValue(response.body())
                .addValue(order.createdAt()).addValue(expiresAt)
                .addValue(order.id()).addValue(order.status().name()).addValue(order.email())
                .addValue(json(order.shippingAddress())).addValue(order.subtotal()).addValue(order.tax())
                .addValue(order.total()).addValue(order.currency())
                .addValue(lineNos).addValue(productIds).addValue(skus).addValue(names).addValue(unitPrices)
                .addValue(quantities)
                .addValue(jobs.stream().map(OrderJob::jobId).toArray(UUID[]::new))
                .addValue(jobs.stream().map(job -> job.type().name()).toArray(String[]::new))
                .addValue(jobs.stream().map(job -> job.status().name()).toArray(String[]::new))
                .addValue(events.stream().map(OutboxMessage::aggregate).toArray(String[]::new))
                .addValue(events.stream().map(OutboxMessage::aggregateId).toArray(UUID[]::new))
                .addValue(events.stream().map(OutboxMessage::type).toArray(String[]::new))
                .addValue(events.stream().map(OutboxMessage::exchange).toArray(String[]::new))
                .addValue(events.stream().map(OutboxMessage::routing).toArray(String[]::new))
                .addValue(events.stream().map(OutboxMessage::payload).toArray(String[]::new));
        return SqlStatements.execute(pool, PLACE, params).map(rows -> {
            Row row = rows.iterator().next();
            if (row.getLong("pending") == 0) {
                return Placement.RESERVATION_LAPSED;
            }
            return row.getLong("claimed") == 1 ? Placement.PLACED : Placement.KEY_TAKEN;
        });
    }

    /**
     * Locks the order row for a state change ({@code FOR UPDATE}, until the caller's transaction ends) and returns
     * its owner and status; null when there is no such order or the customer may not see it (their own, or any for an
     * admin).
     */
    public Uni<LockedOrder> lockVisible(SqlClient tx, UUID id, Customer customer) {
        return SqlStatements.execute(tx, "select customer_id, status from orders where id = $1 for update",
                Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    String owner = row.getString("customer_id");
                    return customer.admin() || owner.equals(customer.id())
                            ? new LockedOrder(owner, OrderStatus.valueOf(row.getString("status")))
                            : null;
                });
    }

    /** Sets the status of a locked order, stamps {@code updated_at} and counts the change in {@code version}. */
    public Uni<Void> changeStatus(SqlClient tx, UUID id, OrderStatus status, OffsetDateTime at) {
        return SqlStatements.execute(tx, """
                update orders set status = $2, updated_at = $3, version = version + 1
                where id = $1""", Tuple.of(id, status.name(), at)).replaceWithVoid();
    }

    /**
     * The order if the customer may see it (their own, or any for an admin); null otherwise. Read on a replica that
     * has replayed {@code readAfter}, and on the primary if the replica does not have it (yet).
     */
    public Uni<Order> findVisible(UUID id, Customer customer, WalPosition readAfter) {
        String sql = SELECT_ORDERS + " where o.id = $1" + (customer.admin() ? "" : " and o.customer_id = $2");
        Tuple params = customer.admin() ? Tuple.of(id) : Tuple.of(id, customer.id());
        return replicas.readAfter(readAfter, reader -> SqlStatements.execute(reader, sql, params)
                .chain(rows -> withLines(reader, rows))
                .map(orders -> orders.isEmpty() ? null : orders.get(0)), Objects::isNull);
    }

    /**
     * One keyset page, newest first: {@code limit} orders strictly after the cursor position. Two statements
     * whatever the page size, on a replica that has replayed {@code readAfter} (bounded staleness without it).
     */
    public Uni<List<Order>> page(Customer customer, OrderStatus status, PageCursor after, int limit,
            WalPosition readAfter) {
        List<String> conditions = new ArrayList<>();
        Tuple params = Tuple.tuple();
        if (!customer.admin()) {
            params.addValue(customer.id());
            conditions.add("o.customer_id = $" + params.size());
        }
        if (status != null) {
            params.addValue(status.name());
            conditions.add("o.status = $" + params.size());
        }
        if (after != null) {
            params.addValue(after.createdAt()).addValue(after.id());
            conditions.add("(o.created_at, o.id) < ($" + (params.size() - 1) + ", $" + params.size() + ")");
        }
        params.addValue(limit);
        String sql = SELECT_ORDERS + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by o.created_at desc, o.id desc limit $" + params.size();
        return replicas.readAfter(readAfter,
                reader -> SqlStatements.execute(reader, sql, params).chain(rows -> withLines(reader, rows)),
                found -> false);
    }

    /** The lines of the orders read, from the same server, so that they match. */
    private Uni<List<Order>> withLines(Pool reader, RowSet<Row> orderRows) {
        Map<UUID, Row> byId = new LinkedHashMap<>();
        orderRows.forEach(row -> byId.put(row.getUUID("id"), row));
        if (byId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return SqlStatements.execute(reader, SELECT_LINES, Tuple.of(byId.keySet().toArray(new UUID[0])))
                .map(lineRows -> {
                    Map<UUID, List<OrderLine>> lines = new LinkedHashMap<>();
                    lineRows.forEach(row -> lines.computeIfAbsent(row.getUUID("order_id"), k -> new ArrayList<>())
                            .add(new OrderLine(row.getLong("product_id"), row.getString("sku"),
                                    row.getString("name"), row.getBigDecimal("unit_price"),
                                    row.getInteger("quantity"))));
                    return byId.values().stream()
                            .map(row -> toOrder(row, lines.getOrDefault(row.getUUID("id"), List.of())))
                            .toList();
                });
    }

    private Order toOrder(Row row, List<OrderLine> lines) {
        return new Order(row.getUUID("id"), row.getString("customer_id"),
                OrderStatus.valueOf(row.getString("status")), row.getString("email"),
                address(row.getString("address")), lines, row.getBigDecimal("subtotal"), row.getBigDecimal("tax"),
                row.getBigDecimal("total"), row.getString("currency"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"),
                new OrderJob(row.getUUID("invoice_job"), JobType.INVOICE,
                        JobStatus.valueOf(row.getString("invoice_status")), row.getString("invoice_reason")),
                new OrderJob(row.getUUID("email_job"), JobType.EMAIL,
                        JobStatus.valueOf(row.getString("email_status")), row.getString("email_reason")));
    }

    /** An order locked for a state change: whose it is and where it stands. */
    public record LockedOrder(String customerId, OrderStatus status) {
    }

    private String json(Address address) {
        try {
            return mapper.writeValueAsString(address);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An address always serializes", e);
        }
    }

    private Address address(String json) {
        try {
            return mapper.readValue(json, Address.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored address is not valid JSON", e);
        }
    }
}
