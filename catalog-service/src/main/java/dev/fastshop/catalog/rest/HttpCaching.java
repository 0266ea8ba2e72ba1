package dev.fastshop.catalog.rest;

import java.util.Arrays;

import jakarta.ws.rs.core.HttpHeaders;

/** ETag matching and the Cache-Control values of the public reads. */
final class HttpCaching {

    /** Short freshness, and a CDN may keep serving a stale copy while it revalidates. */
    static final String PRODUCT_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";
    static final String LIST_CACHE_CONTROL = "public, max-age=5, stale-while-revalidate=30";
    /** For versioned image URLs (?v=): the bytes behind such a URL never change. */
    static final String IMAGE_CACHE_CONTROL = "public, max-age=31536000, immutable";

    private HttpCaching() {
    }

    static String etag(String opaque) {
        return "\"" + opaque + "\"";
    }

    /** RFC 9110 weak comparison against an If-None-Match header (which may list several tags, or be *). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    static String ifNoneMatch(HttpHeaders headers) {
        return headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
    }
}
