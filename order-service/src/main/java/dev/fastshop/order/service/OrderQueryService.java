package dev.fastshop.order.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.domain.DomainException;
import dev.fastshop.commons.sql.WalPosition;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.domain.InvoiceDocument;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.repository.JobRepository;
import dev.fastshop.order.repository.OrderRepository;
import dev.fastshop.order.repository.PageCursor;

/**
 * Reading orders. Another customer's order is reported as absent, never as forbidden. {@code readAfter} is the WAL
 * position of the caller's last write ({@link WalPosition#NONE} if it sent none): a replica serves the read only once
 * it has replayed that far.
 */
@ApplicationScoped
public class OrderQueryService {

    private final OrderRepository orders;
    private final JobRepository jobs;

    public OrderQueryService(OrderRepository orders, JobRepository jobs) {
        this.orders = orders;
        this.jobs = jobs;
    }

    public Uni<Order> get(Customer customer, UUID id, WalPosition readAfter) {
        return orders.findVisible(id, customer, readAfter).map(order -> {
            if (order == null) {
                throw DomainException.notFound("No order " + id);
            }
            return order;
        });
    }

    /** A page of the customer's orders (every order for an admin), newest first. */
    public Uni<Page> page(Customer customer, OrderStatus status, PageCursor cursor, int limit,
            WalPosition readAfter) {
        return orders.page(customer, status, cursor, limit + 1, readAfter).map(found -> {
            boolean more = found.size() > limit;
            List<Order> page = more ? found.subList(0, limit) : found;
            Order last = page.isEmpty() ? null : page.get(page.size() - 1);
            return new Page(page, more ? new PageCursor(last.createdAt(), last.id()) : null);
        });
    }

    /** The invoice PDF once the worker has rendered it; 409 while it is pending or after it failed. */
    public Uni<InvoiceDocument> invoice(Customer customer, UUID orderId, WalPosition readAfter) {
        return jobs.invoice(orderId, customer, readAfter).map(state -> {
            if (state == null) {
                throw DomainException.notFound("No order " + orderId);
            }
            return switch (state.status()) {
                case READY -> state.document();
                case FAILED -> throw DomainException.conflict("The invoice could not be generated: "
                        + state.reason());
                default -> throw DomainException.conflict("The invoice is not ready yet; retry shortly");
            };
        });
    }

    /** Orders of one page and where the next one starts (null: this is the last page). */
    public record Page(List<Order> orders, PageCursor next) {
    }
}
