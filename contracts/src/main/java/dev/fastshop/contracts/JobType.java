package dev.fastshop.contracts;

import java.util.Locale;

/** The kinds of background work the worker service performs. */
public enum JobType {
    INVOICE, EMAIL, IMAGE;

    /** Lower-case name used in routing keys and queue names. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
