package dev.fastshop.order.repository;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.ReadReplicas;
import dev.fastshop.commons.sql.SqlStatements;
import dev.fastshop.commons.sql.WalPosition;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.InvoiceDocument;
import dev.fastshop.order.domain.JobStatus;

/** Job progress transitions and the documents jobs produce. */
@ApplicationScoped
public class JobRepository {

    private final Pool pool;
    private final ReadReplicas replicas;

    public JobRepository(Pool pool, ReadReplicas replicas) {
        this.pool = pool;
        this.replicas = replicas;
    }

    /**
     * Moves a PENDING job to its outcome. Returns the order id, or null when the job is unknown or already has an
     * outcome: that is what makes applying a result idempotent.
     */
    public Uni<UUID> complete(SqlClient tx, UUID jobId, JobType type, JobStatus status, String reason) {
        return SqlStatements.execute(tx, """
                update order_jobs set status = $3, reason = $4, updated_at = now()
                where job_id = $1 and type = $2 and status = 'PENDING'
                returning order_id""", Tuple.of(jobId, type.name(), status.name(), reason))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    /** Fails the other still-pending jobs of an order, e.g. the email when its invoice cannot be made. */
    public Uni<Void> failPending(SqlClient tx, UUID orderId, JobType type, String reason) {
        return SqlStatements.execute(tx, """
                update order_jobs set status = 'FAILED', reason = $3, updated_at = now()
                where order_id = $1 and type = $2 and status = 'PENDING'""",
                Tuple.of(orderId, type.name(), reason)).replaceWithVoid();
    }

    /**
     * Marks a PENDING invoice job READY and stores its document, in one statement; returns what the confirmation
     * email needs, or null when the job is unknown or already has an outcome (nothing is written then).
     */
    public Uni<EmailDetails> completeInvoice(SqlClient tx, UUID jobId, InvoiceDocument document) {
        return SqlStatements.execute(tx, """
                with done as (
                    update order_jobs set status = 'READY', reason = null, updated_at = now()
                    where job_id = $1 and type = 'INVOICE' and status = 'PENDING'
                    returning order_id),
                stored as (
                    insert into order_documents (order_id, kind, content, content_type, size, sha256, created_at)
                    select order_id, 'INVOICE', $2, $3, $4, $5, now() from done
                    on conflict (order_id, kind) do nothing)
                select o.id, o.email, o.shipping_address->>'name' as name, o.total, o.currency, j.job_id
                from done
                join orders o on o.id = done.order_id
                join order_jobs j on j.order_id = o.id and j.type = 'EMAIL'""",
                Tuple.tuple().addValue(jobId).addValue(Buffer.buffer(document.content()))
                        .addValue(document.contentType()).addValue(document.content().length)
                        .addValue(document.sha256()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new EmailDetails(row.getUUID("id"), row.getUUID("job_id"), row.getString("email"),
                            row.getString("name"), row.getBigDecimal("total"), row.getString("currency"));
                });
    }

    /**
     * The invoice of an order the customer may see: null when there is no such order. On a replica that has replayed
     * {@code readAfter}, and on the primary if the replica does not have the order (yet).
     */
    public Uni<InvoiceState> invoice(UUID orderId, Customer customer, WalPosition readAfter) {
        String sql = """
                select j.status, j.reason, d.content, d.content_type, d.sha256
                from orders o
                join order_jobs j on j.order_id = o.id and j.type = 'INVOICE'
                left join order_documents d on d.order_id = o.id and d.kind = 'INVOICE'
                where o.id = $1""" + (customer.admin() ? "" : " and o.customer_id = $2");
        Tuple params = customer.admin() ? Tuple.of(orderId) : Tuple.of(orderId, customer.id());
        return replicas.readAfter(readAfter, reader -> SqlStatements.execute(reader, sql, params).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            InvoiceDocument document = row.getBuffer("content") == null
                    ? null
                    : new InvoiceDocument(row.getBuffer("content").getBytes(), row.getString("content_type"),
                            row.getString("sha256"));
            return new InvoiceState(JobStatus.valueOf(row.getString("status")), row.getString("reason"), document);
        }), Objects::isNull);
    }

    public record EmailDetails(UUID orderId, UUID jobId, String email, String customerName, BigDecimal total,
            String currency) {
    }

    public record InvoiceState(JobStatus status, String reason, InvoiceDocument document) {
    }
}
