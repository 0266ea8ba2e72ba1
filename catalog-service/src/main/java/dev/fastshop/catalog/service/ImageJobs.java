package dev.fastshop.catalog.service;

import io.smallrye.mutiny.Uni;

import dev.fastshop.contracts.ImageJob;

/** Hands a thumbnail job to the worker; completes once the broker confirmed it. Implemented by messaging. */
public interface ImageJobs {

    Uni<Void> publish(ImageJob job);
}
