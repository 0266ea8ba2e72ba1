package dev.fastshop.commons.sql;

import java.util.regex.Pattern;

/**
 * A position in PostgreSQL's write-ahead log, written like {@code pg_lsn} ({@code 16/B374D848}): a read that must see
 * a write asks for a replica that has replayed at least the position the primary had reached after it.
 */
public record WalPosition(long value) implements Comparable<WalPosition> {

    /** No requirement: any fit replica will do. */
    public static final WalPosition NONE = new WalPosition(0);
    /** Everything written so far, which only the primary is sure to have: a read that must go to the primary. */
    public static final WalPosition LATEST = new WalPosition(Long.MAX_VALUE);

    private static final Pattern PG_LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /** Parses {@code pg_lsn} text; {@link IllegalArgumentException} if it is not that. */
    public static WalPosition parse(String text) {
        if (text == null || !PG_LSN.matcher(text).matches()) {
            throw new IllegalArgumentException("expected a WAL position like 16/B374D848");
        }
        int slash = text.indexOf('/');
        return new WalPosition(Long.parseLong(text, 0, slash, 16) << 32 | Long.parseLong(text, slash + 1,
                text.length(), 16));
    }

    @Override
    public int compareTo(WalPosition other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
