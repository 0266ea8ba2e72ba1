package dev.fastshop.commons.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every service reads JSON the same strict way, so that what a client sent is what is stored or refused:
 * <ul>
 * <li>integers are JSON integers: {@code "5"}, {@code 1.5} and {@code true} are refused, never coerced (Jackson would
 * turn {@code 1.9} into 1 and {@code "5"} into 5); text is a JSON string, not a number or a boolean;</li>
 * <li>no string, nor any text or field name inside a free-form {@link JsonNode}, holds {@link ControlCharacters}.</li>
 * </ul>
 * Both fail as a {@code MismatchedInputException} with the path to the field, which the problem mapper names.
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("fastshop-strict-text")
                .addDeserializer(String.class, new SafeStringDeserializer())
                .addDeserializer(JsonNode.class, new SafeTreeDeserializer()));
    }

    static final class SafeStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && ControlCharacters.in(text)) {
                throw new UnsafeTextException(parser);
            }
            return text;
        }
    }

    /** Reads the tree as Jackson does (same null and absent values), then refuses it with the path of the first unsafe text or field name. */
    static final class SafeTreeDeserializer extends JsonNodeDeserializer {

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = super.deserialize(parser, context);
            List<JsonMappingException.Reference> path = new ArrayList<>();
            if (unsafe(tree, path)) {
                UnsafeTextException failure = new UnsafeTextException(parser);
                for (int i = path.size() - 1; i >= 0; i--) {
                    failure.prependPath(path.get(i));
                }
                throw failure;
            }
            return tree;
        }

        private static boolean unsafe(JsonNode node, List<JsonMappingException.Reference> path) {
            if (node.isTextual()) {
                return ControlCharacters.in(node.textValue());
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    path.add(new JsonMappingException.Reference(null,
                            ControlCharacters.in(field.getKey()) ? "(field name)" : field.getKey()));
                    if (ControlCharacters.in(field.getKey()) || unsafe(field.getValue(), path)) {
                        return true;
                    }
                    path.remove(path.size() - 1);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    path.add(new JsonMappingException.Reference(null, i));
                    if (unsafe(node.get(i), path)) {
                        return true;
                    }
                    path.remove(path.size() - 1);
                }
            }
            return false;
        }
    }
}
