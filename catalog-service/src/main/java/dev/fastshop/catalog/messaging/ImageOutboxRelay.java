package dev.fastshop.catalog.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

import dev.fastshop.catalog.config.CatalogConfig;
import dev.fastshop.catalog.service.ProductImageService;

/** Periodically re-publishes image jobs that RabbitMQ has not confirmed (see {@link ProductImageService}). */
@ApplicationScoped
public class ImageOutboxRelay {

    private static final Logger LOG = Logger.getLogger(ImageOutboxRelay.class);

    private final Vertx vertx;
    private final ProductImageService images;
    private final CatalogConfig config;
    private long timerId = -1;

    public ImageOutboxRelay(Vertx vertx, ProductImageService images, CatalogConfig config) {
        this.vertx = vertx;
        this.images = images;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.images().retryInterval().toMillis(), id -> images.retryPending()
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Image outbox retry failed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }
}
