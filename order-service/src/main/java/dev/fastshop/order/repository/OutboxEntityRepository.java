package dev.fastshop.order.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

import dev.fastshop.order.repository.OutboxRepository.OutboxMessage;

/** Outbox rows added on a Hibernate Reactive transaction (the SQL paths use {@link OutboxRepository#add}). */
@ApplicationScoped
public class OutboxEntityRepository implements PanacheRepository<OutboxEntity> {

    public Uni<Void> add(List<OutboxMessage> messages) {
        return persist(messages.stream().map(OutboxEntity::of));
    }
}
