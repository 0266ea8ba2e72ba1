package dev.fastshop.commons.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string (a value or a field name) with {@link ControlCharacters}; Jackson adds the path to the field. */
public class UnsafeTextException extends MismatchedInputException {

    UnsafeTextException(JsonParser parser) {
        super(parser, "text " + ControlCharacters.REASON, String.class);
    }
}
