package dev.fastshop.commons.domain;

/** Fired after a transaction that added outbox rows committed: the relay need not wait for its next poll. */
public record OutboxWritten() {
}
