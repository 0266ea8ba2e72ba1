package dev.fastshop.order.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

import dev.fastshop.contracts.Address;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderJob;
import dev.fastshop.order.domain.OrderLine;
import dev.fastshop.order.domain.OrderStatus;

/**
 * Orders, their lines and job progress. Reading any number of orders costs two statements: the orders joined with
 * their two jobs, then all their lines at once.
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
    private static final String INSERT_ORDER = """
            insert into orders (id, customer_id, status, email, shipping_address, subtotal, tax, total, currency,
                                created_at, updated_at)
            values ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $10)""";
    private static final String INSERT_LINE = """
            insert into order_items (order_id, line_no, product_id, sku, name, unit_price, quantity)
            values ($1, $2, $3, $4, $5, $6, $7)""";
    private static final String INSERT_JOB = """
            insert into order_jobs (job_id, order_id, type, status, updated_at) values ($1, $2, $3, $4, $5)""";

    private final Pool pool;
    private final ObjectMapper mapper;

    public OrderRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Inserts the order, its lines and its two pending jobs (three statements) on the given transaction. */
    public Uni<Void> insert(SqlClient tx, Order order) {
        Tuple orderRow = Tuple.tuple().addValue(order.id()).addValue(order.customerId())
                .addValue(order.status().name()).addValue(order.email()).addValue(json(order.shippingAddress()))
                .addValue(order.subtotal()).addValue(order.tax()).addValue(order.total()).addValue(order.currency())
                .addValue(order.createdAt());
        List<Tuple> lines = new ArrayList<>();
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            lines.add(Tuple.tuple().addValue(order.id()).addValue((short) (i + 1)).addValue(line.productId())
                    .addValue(line.sku()).addValue(line.name()).addValue(line.unitPrice())
                    .addValue(line.quantity()));
        }
        List<Tuple> jobs = List.of(jobRow(order, order.invoiceJob()), jobRow(order, order.emailJob()));
        return SqlStatements.execute(tx, INSERT_ORDER, orderRow)
                .chain(() -> SqlStatements.executeBatch(tx, INSERT_LINE, lines))
                .chain(() -> SqlStatements.executeBatch(tx, INSERT_JOB, jobs))
                .replaceWithVoid();
    }

    /** The order if the customer may see it (their own, or any for an admin); null otherwise. */
    public Uni<Order> findVisible(UUID id, Customer customer) {
        String sql = SELECT_ORDERS + " where o.id = $1" + (customer.admin() ? "" : " and o.customer_id = $2");
        Tuple params = customer.admin() ? Tuple.of(id) : Tuple.of(id, customer.id());
        return SqlStatements.execute(pool, sql, params)
                .chain(rows -> withLines(rows))
                .map(orders -> orders.isEmpty() ? null : orders.get(0));
    }

    /**
     * One keyset page, newest first: {@code limit} orders strictly after the cursor position. Two statements
     * whatever the page size.
     */
    public Uni<List<Order>> page(Customer customer, OrderStatus status, PageCursor after, int limit) {
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
        return SqlStatements.execute(pool, sql, params).chain(this::withLines);
    }

    private Uni<List<Order>> withLines(RowSet<Row> orderRows) {
        Map<UUID, Row> byId = new LinkedHashMap<>();
        orderRows.forEach(row -> byId.put(row.getUUID("id"), row));
        if (byId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return SqlStatements.execute(pool, SELECT_LINES, Tuple.of(byId.keySet().toArray(new UUID[0])))
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

    private static Tuple jobRow(Order order, OrderJob job) {
        return Tuple.tuple().addValue(job.jobId()).addValue(order.id()).addValue(job.type().name())
                .addValue(job.status().name()).addValue(order.createdAt());
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
