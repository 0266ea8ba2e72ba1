package dev.fastshop.catalog.rest;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductDraft;
import dev.fastshop.commons.rest.ProblemException;
import dev.fastshop.commons.rest.ProblemMappers;

/** JSON merge patch (RFC 7396) of a product: the representation's business, so it lives with the API. */
@ApplicationScoped
class MergePatch {

    private final ObjectMapper mapper;

    MergePatch(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The change {@code patch} makes to a product, as the draft of its new state. */
    Function<Product, ProductDraft> over(JsonNode patch) {
        if (!patch.isObject()) {
            throw new ProblemException(400, "Bad Request", "A merge patch must be a JSON object");
        }
        return product -> {
            ObjectNode merged = mapper.valueToTree(ProductDraft.of(product));
            merge(merged, (ObjectNode) patch);
            return draft(merged);
        };
    }

    private ProductDraft draft(ObjectNode merged) {
        try {
            return mapper.treeToValue(merged, ProductDraft.class);
        } catch (JsonMappingException e) {
            String field = ProblemMappers.jsonPath(e);
            throw field.isEmpty() ? wrongType() : ProblemException.badParameter(field, "wrong type or format");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw wrongType();
        }
    }

    private static ProblemException wrongType() {
        return new ProblemException(400, "Bad Request", "The patch gives a field a value of the wrong type");
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()
                    && !"attributes".equals(field.getKey())) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }
}
