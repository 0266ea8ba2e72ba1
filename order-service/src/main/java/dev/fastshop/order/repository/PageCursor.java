package dev.fastshop.order.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/** Position of the last order of a page: opaque to clients (base64url of creation micros and id). */
public record PageCursor(OffsetDateTime createdAt, UUID id) {

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this service issued */
    public static PageCursor decode(String text) {
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        int colon = plain.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a cursor");
        }
        long micros = Long.parseLong(plain.substring(0, colon));
        Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        return new PageCursor(instant.atOffset(ZoneOffset.UTC), UUID.fromString(plain.substring(colon + 1)));
    }
}
