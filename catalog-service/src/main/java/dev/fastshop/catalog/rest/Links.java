package dev.fastshop.catalog.rest;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fastshop.catalog.domain.Product;

/**
 * Links in bodies (a product's image URLs) are stored as paths of this service. Behind the gateway they need its
 * prefix ({@code /api/catalog}), which the gateway sends as {@code X-Forwarded-Prefix} on every request, replacing
 * any a client sent; a direct caller sends none and gets the bare paths.
 */
final class Links {

    static final String PREFIX_HEADER = "X-Forwarded-Prefix";
    /** Path segments only: a value that could make a link point elsewhere ({@code //host}, a scheme) is ignored. */
    private static final Pattern VALID_PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");
    private static final List<String> IMAGE_LINKS = List.of("original", "512", "128");

    private Links() {
    }

    static String prefix(HttpHeaders headers) {
        String prefix = headers.getHeaderString(PREFIX_HEADER);
        return prefix != null && VALID_PREFIX.matcher(prefix).matches() ? prefix : "";
    }

    /** The product with its links under {@code prefix}; the cached instance is left as it is. */
    static Product prefixed(Product product, String prefix) {
        if (prefix.isEmpty() || product.images() == null || !product.images().isObject()) {
            return product;
        }
        ObjectNode images = product.images().deepCopy();
        for (String name : IMAGE_LINKS) {
            JsonNode link = images.get(name);
            if (link != null && link.isTextual()) {
                images.put(name, prefix + link.asText());
            }
        }
        return product.withImages(images);
    }
}
