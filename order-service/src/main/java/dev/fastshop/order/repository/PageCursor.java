package dev.fastshop.order.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Position of the last order of a page: opaque to clients (base64url of creation micros and id). */
public record PageCursor(OffsetDateTime createdAt, UUID id) {

    /** An encoded cursor is 71 characters; anything much longer is not one of ours. */
    private static final int MAX_ENCODED_LENGTH = 100;
    private static final Pattern PLAIN = Pattern.compile(
            "(\\d{1,18}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    /** Bounds the time so that no cursor reaches the database outside the range of {@code timestamptz}. */
    private static final long MAX_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000
            + 999_999;

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this service issued */
    public static PageCursor decode(String text) {
        if (text.length() > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("not a cursor");
        }
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        Matcher matcher = PLAIN.matcher(plain);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a cursor");
        }
        long micros = Long.parseLong(matcher.group(1));
        if (micros > MAX_MICROS) {
            throw new IllegalArgumentException("not a cursor");
        }
        Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        return new PageCursor(instant.atOffset(ZoneOffset.UTC), UUID.fromString(matcher.group(2)));
    }
}
