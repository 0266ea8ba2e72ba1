package dev.fastshop.catalog.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.catalog.config.CatalogConfig;
import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.repository.ProductImageRepository;
import dev.fastshop.catalog.repository.ProductImageRepository.StoredImage;
import dev.fastshop.catalog.repository.ProductRepository;
import dev.fastshop.commons.domain.DomainException;
import dev.fastshop.commons.domain.OutboxWritten;
import dev.fastshop.contracts.Attachment;

/**
 * Product images. An upload is stored together with an outbox row in one transaction; the outbox relay (messaging's
 * {@code ImageOutboxRelay}, woken by {@link OutboxWritten}) publishes its thumbnail job, at once or, if RabbitMQ is
 * down, once it is back, so no accepted upload is lost. Results are applied once per job id.
 */
@ApplicationScoped
public class ProductImageService {

    private static final Logger LOG = Logger.getLogger(ProductImageService.class);
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final Pool pool;
    private final ProductRepository products;
    private final ProductImageRepository images;
    private final Event<OutboxWritten> outboxWritten;
    private final ProductCacheService cache;
    private final ProductEvents events;
    private final CatalogConfig.Images config;

    public ProductImageService(Pool pool, ProductRepository products, ProductImageRepository images,
            Event<OutboxWritten> outboxWritten, ProductCacheService cache, ProductEvents events,
            CatalogConfig config) {
        this.pool = pool;
        this.products = products;
        this.images = images;
        this.outboxWritten = outboxWritten;
        this.cache = cache;
        this.events = events;
        this.config = config.images();
    }

    public Uni<Product> upload(long productId, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw DomainException.invalid("body", "the image is empty");
        }
        if (bytes.length > config.maxBytes()) {
            throw new DomainException(DomainException.Kind.TOO_LARGE,
                    "The image is larger than " + config.maxBytes() / (1024 * 1024) + " MB");
        }
        String contentType = detect(bytes);
        UUID jobId = UUID.randomUUID();
        String sha256 = sha256(bytes);
        ObjectNode links = JsonNodeFactory.instance.objectNode()
                .put("original", url(productId, "original", sha256))
                .put("thumbnails", "PENDING");
        // The links (thumbnails PENDING) commit with the job's outbox row: a result can never arrive before them.
        return pool.withTransaction(tx -> products.setImages(tx, productId, links).flatMap(updated -> {
            Product product = updated.orElseThrow(() -> DomainException.notFound("No product with id " + productId));
            return images.storeOriginal(tx, productId, jobId, contentType, bytes, sha256).replaceWith(product);
        })).call(this::changed)
                .invoke(() -> outboxWritten.fire(new OutboxWritten()));
    }

    public Uni<StoredImage> image(long productId, String size) {
        return images.find(productId, size).map(found -> found.orElseThrow(() -> DomainException.notFound(
                "Product " + productId + " has no " + size + " image (yet)")));
    }

    /** Applies a worker's thumbnails; a redelivered or superseded result changes nothing. */
    public Uni<Void> thumbnailsReady(long productId, UUID jobId, List<Attachment> artifacts) {
        Optional<Attachment> small = artifact(artifacts, 128);
        Optional<Attachment> medium = artifact(artifacts, 512);
        if (small.isEmpty() || medium.isEmpty()) {
            LOG.warnf("Image job %s completed without both thumbnails; ignored", jobId);
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> images.storeThumbnails(tx, productId, jobId, small.get().contentType(),
                small.get().content(), medium.get().content()))
                .flatMap(applied -> applied ? updateLinks(productId, jobId, true) : Uni.createFrom().voidItem());
    }

    public Uni<Void> thumbnailsFailed(long productId, UUID jobId, String reason) {
        return pool.withTransaction(tx -> images.recordFailure(tx, productId, jobId, reason))
                .flatMap(applied -> applied ? updateLinks(productId, jobId, false) : Uni.createFrom().voidItem());
    }

    private Uni<Void> updateLinks(long productId, UUID jobId, boolean ready) {
        return images.find(productId, "original").flatMap(original -> {
            if (original.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String tag = original.get().etag();
            ObjectNode links = JsonNodeFactory.instance.objectNode()
                    .put("original", url(productId, "original", tag))
                    .put("thumbnails", ready ? "READY" : "FAILED");
            if (ready) {
                links.put("512", url(productId, "512", jobId.toString()))
                        .put("128", url(productId, "128", jobId.toString()));
            }
            return products.setImages(pool, productId, links)
                    .flatMap(updated -> updated.map(this::changed).orElse(Uni.createFrom().voidItem()));
        });
    }

    private Uni<Void> changed(Product product) {
        events.upserted(product.id(), product.version()).subscribe().with(ignored -> {
        });
        return cache.put(product);
    }

    private static Optional<Attachment> artifact(List<Attachment> artifacts, int size) {
        return artifacts == null
                ? Optional.empty()
                : artifacts.stream().filter(a -> a.name() != null && a.name().startsWith(size + ".")).findFirst();
    }

    /** The type comes from the bytes, never from the client's Content-Type. */
    static String detect(byte[] bytes) {
        if (startsWith(bytes, JPEG)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, PNG)) {
            return "image/png";
        }
        throw new DomainException(DomainException.Kind.UNSUPPORTED_TYPE, "Only JPEG and PNG images are accepted");
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String url(long productId, String size, String version) {
        return "/products/" + productId + "/image/" + size + "?v="
                + version.substring(0, ProductImageRepository.TAG_LENGTH);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
