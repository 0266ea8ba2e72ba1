package dev.fastshop.order.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

import dev.fastshop.order.domain.Customer;

/** Orders whose state changes, through Hibernate Reactive; callers run these in a transaction. */
@ApplicationScoped
public class OrderEntityRepository implements PanacheRepositoryBase<OrderEntity, UUID> {

    /** Locks the order for a state change; null if the customer may not see it (their own, or any for an admin). */
    public Uni<OrderEntity> lockVisible(UUID id, Customer customer) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(order -> order != null && (customer.admin() || order.customerId.equals(customer.id()))
                        ? order
                        : null);
    }
}
