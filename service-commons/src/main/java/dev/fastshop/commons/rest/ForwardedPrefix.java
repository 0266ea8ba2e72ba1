package dev.fastshop.commons.rest;

import java.util.regex.Pattern;

/**
 * The path prefix under which callers reach this service: the gateway sends it as {@code X-Forwarded-Prefix}
 * ({@code /api/catalog}, {@code /api}) on every request, replacing any a client sent; a direct caller sends none.
 * Links in bodies (and a problem's {@code instance}) put it before this service's own paths so they work for the
 * caller.
 */
public final class ForwardedPrefix {

    public static final String HEADER = "X-Forwarded-Prefix";
    /** Path segments only: a value that could make a link point elsewhere ({@code //host}, a scheme) is ignored. */
    private static final Pattern VALID = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private ForwardedPrefix() {
    }

    /** The prefix in {@code header}, or "" when there is none or it is not a plain path. */
    public static String of(String header) {
        return header != null && VALID.matcher(header).matches() ? header : "";
    }
}
