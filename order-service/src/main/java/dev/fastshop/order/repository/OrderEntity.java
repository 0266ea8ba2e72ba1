package dev.fastshop.order.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.DynamicUpdate;

import dev.fastshop.order.domain.OrderStatus;

/**
 * The order row as Hibernate Reactive changes its state (cancellation). Only what a state change reads or writes is
 * mapped; {@code version} is the optimistic lock. Orders are inserted and read by {@link OrderRepository} in SQL.
 */
@Entity
@Table(name = "orders")
@DynamicUpdate
public class OrderEntity {

    @Id
    public UUID id;

    @Column(name = "customer_id", updatable = false)
    public String customerId;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public int version;
}
