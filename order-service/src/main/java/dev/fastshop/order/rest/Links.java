package dev.fastshop.order.rest;

import java.util.UUID;

import dev.fastshop.commons.rest.ForwardedPrefix;

/**
 * Paths of this API as the caller reaches them. Behind the gateway they start with the prefix it sends in
 * {@code X-Forwarded-Prefix} ({@code /api}), so a link in a body works through the gateway as well as directly.
 */
public record Links(String prefix) {

    public static final String FORWARDED_PREFIX = ForwardedPrefix.HEADER;
    /** Links straight to this service, as a caller without a gateway uses them. */
    public static final Links DIRECT = new Links("");

    /** The links for a request with this {@code X-Forwarded-Prefix} value (null or invalid: no prefix). */
    public static Links forwarded(String prefix) {
        return new Links(ForwardedPrefix.of(prefix));
    }

    public String order(UUID id) {
        return prefix + "/orders/" + id;
    }

    public String invoice(UUID id) {
        return order(id) + "/invoice";
    }
}
