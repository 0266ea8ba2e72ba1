package dev.fastshop.order.service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.InvoiceLine;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.OrderCancelled;
import dev.fastshop.contracts.OrderPlaced;
import dev.fastshop.contracts.Topology;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderLine;
import dev.fastshop.order.repository.OutboxRepository.OutboxMessage;

/** Turns what happened to an order into outbox rows: the contract record, its exchange and routing key. */
@ApplicationScoped
public class OutboxMessages {

    static final String AGGREGATE = "order";

    private final ObjectMapper mapper;

    public OutboxMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code OrderPlaced} for listeners and the {@code InvoiceJob} for the worker. */
    public List<OutboxMessage> placed(Order order, BigDecimal taxRate) {
        OrderPlaced placed = new OrderPlaced(OrderPlaced.SCHEMA_VERSION, order.id(), order.customerId(),
                order.total(), order.currency(), order.lines().stream().mapToInt(OrderLine::quantity).sum(),
                order.createdAt().toInstant());
        return List.of(event(order.id(), "OrderPlaced", Topology.ORDER_PLACED, placed),
                job(order.id(), "InvoiceJob", JobType.INVOICE, invoiceJob(order, taxRate)));
    }

    public InvoiceJob invoiceJob(Order order, BigDecimal taxRate) {
        List<InvoiceLine> lines = order.lines().stream()
                .map(l -> new InvoiceLine(l.sku(), l.name(), l.quantity(), l.unitPrice(), l.lineTotal()))
                .toList();
        return new InvoiceJob(InvoiceJob.SCHEMA_VERSION, order.invoiceJob().jobId(), order.id(),
                order.createdAt().toInstant(), order.email(), order.shippingAddress(), lines, order.subtotal(),
                taxRate, order.tax(), order.total(), order.currency());
    }

    public OutboxMessage cancelled(UUID orderId, String customerId, OffsetDateTime at) {
        return event(orderId, "OrderCancelled", Topology.ORDER_CANCELLED,
                new OrderCancelled(OrderCancelled.SCHEMA_VERSION, orderId, customerId, at.toInstant()));
    }

    public OutboxMessage email(EmailJob job) {
        return job(job.orderId(), "EmailJob", JobType.EMAIL, job);
    }

    private OutboxMessage event(UUID orderId, String type, String routingKey, Object payload) {
        return new OutboxMessage(AGGREGATE, orderId, type, Topology.EVENTS_EXCHANGE, routingKey, json(payload));
    }

    private OutboxMessage job(UUID orderId, String type, JobType jobType, Object payload) {
        return new OutboxMessage(AGGREGATE, orderId, type, Topology.JOBS_EXCHANGE, jobType.key(), json(payload));
    }

    private String json(Object payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Contract records always serialize", e);
        }
    }
}
