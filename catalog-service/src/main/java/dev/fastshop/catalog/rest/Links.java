package dev.fastshop.catalog.rest;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.commons.rest.ForwardedPrefix;

/** Links in bodies (a product's image URLs) are stored as paths of this service; callers get them {@link ForwardedPrefix}ed. */
final class Links {

    private static final List<String> IMAGE_LINKS = List.of("original", "512", "128");

    private Links() {
    }

    static String prefix(HttpHeaders headers) {
        return ForwardedPrefix.of(headers.getHeaderString(ForwardedPrefix.HEADER));
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
