package dev.fastshop.catalog.rest;

import dev.fastshop.commons.rest.ProblemException;

/** Path ids arrive as text so that a malformed one is a 400 naming it rather than a framework 404. */
final class PathIds {

    private PathIds() {
    }

    static long productId(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw ProblemException.badParameter("id", "must be a positive integer");
    }
}
