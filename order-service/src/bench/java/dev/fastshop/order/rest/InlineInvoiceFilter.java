package dev.fastshop.order.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.fastshop.commons.sql.WalPosition;
import dev.fastshop.invoice.InvoicePdf;
import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.domain.Customer;
import dev.fastshop.order.service.OrderQueryService;
import dev.fastshop.order.service.OutboxMessages;

/**
 * Bench only: compiled into the order service by the {@code inline-invoice} Maven profile, never into its artifact.
 * Renders each new order's invoice PDF inside {@code POST /orders}, before the answer, as a shop without a worker
 * would, so {@code ./fastshop bench} can compare that with the asynchronous path. The order is read back (one more
 * query) and the bytes are dropped; the invoice job is queued as always.
 */
public class InlineInvoiceFilter {

    /** Reads any order, as an admin may. */
    private static final Customer READER = new Customer("inline-invoice-bench", true);

    // The seller printed does not change the work; the worker prints the configured one.
    private final InvoicePdf pdf = new InvoicePdf(new InvoicePdf.Seller("Fastshop", "", ""));
    private final OrderQueryService queries;
    private final OutboxMessages messages;
    private final OrderConfig config;

    public InlineInvoiceFilter(OrderQueryService queries, OutboxMessages messages, OrderConfig config) {
        this.queries = queries;
        this.messages = messages;
        this.config = config;
    }

    @ServerResponseFilter
    public Uni<Void> render(ContainerRequestContext request, ContainerResponseContext response) {
        URI location = response.getLocation();
        if (!HttpMethod.POST.equals(request.getMethod()) || response.getStatus() != 201 || location == null) {
            return Uni.createFrom().voidItem();
        }
        String path = location.getPath();
        UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
        return queries.get(READER, id, WalPosition.LATEST)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(order -> pdf.render(messages.invoiceJob(order, config.taxRate())))
                .replaceWithVoid();
    }
}
