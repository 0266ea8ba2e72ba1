package dev.fastshop.commons.json;

/**
 * Text that no field of this API may hold: the C0 control characters but tab, line feed and carriage return, and DEL.
 * PostgreSQL refuses NUL in text outright (a 500 if it got that far); the others have no meaning in a name, an
 * address or a search and only hide content from whoever reads it later.
 */
public final class ControlCharacters {

    public static final String REASON = "must not contain control characters";

    private ControlCharacters() {
    }

    public static boolean in(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
