package dev.fastshop.order.repository;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.fastshop.order.repository.OutboxRepository.OutboxMessage;

/**
 * An outbox row written on a Hibernate Reactive transaction. The relay's columns (publication, attempts, errors)
 * keep their database defaults; {@link OutboxRepository} claims and marks rows in SQL.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String aggregate;

    @Column(name = "aggregate_id")
    public UUID aggregateId;

    public String type;
    public String exchange;
    public String routing;

    /** Bound as text: the reactive client would encode a Java string bound to jsonb as a JSON string. */
    @ColumnTransformer(write = "?::text::jsonb")
    public String payload;

    public static OutboxEntity of(OutboxMessage message) {
        OutboxEntity row = new OutboxEntity();
        row.aggregate = message.aggregate();
        row.aggregateId = message.aggregateId();
        row.type = message.type();
        row.exchange = message.exchange();
        row.routing = message.routing();
        row.payload = message.payload();
        return row;
    }
}
