package dev.fastshop.contracts;

import java.math.BigDecimal;

/** An amount in an ISO 4217 currency. */
public record Money(BigDecimal amount, String currency) {
}
