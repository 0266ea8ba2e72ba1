package dev.fastshop.contracts;

import java.util.List;
import java.util.UUID;

/** Make thumbnails of a product image. Published by the catalog service after an upload. */
public record ImageJob(int schemaVersion, UUID jobId, long productId, Attachment original, List<Integer> sizes) {

    public static final int SCHEMA_VERSION = 1;
}
