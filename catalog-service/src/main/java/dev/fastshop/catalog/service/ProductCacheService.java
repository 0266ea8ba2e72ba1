package dev.fastshop.catalog.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.client.RedisCacheClient;
import dev.fastshop.catalog.config.CatalogConfig;
import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductPage;
import dev.fastshop.commons.sql.ReadReplicas;

/**
 * Two cache levels in front of PostgreSQL.
 * <ul>
 * <li>Product by id: L1 (Caffeine, per instance, short TTL, dropped on {@code product.changed}) then Redis
 * (cache-aside, TTL plus jitter, 404s cached briefly). Concurrent misses of one id within an instance collapse into
 * one lookup ({@link SingleFlight}); across instances, probabilistic early refresh (XFetch) lets one request reload a
 * hot key shortly before it expires, so instances rarely miss it at the same moment.</li>
 * <li>List and search pages: Redis only, keyed by the normalized query, expiring after a few seconds.</li>
 * </ul>
 * Writes put the new product into both levels (write-through). With the cache disabled every call goes to the loader.
 * <p>
 * Every change of a cached product, made here or announced by {@code product.changed}, is also reported to the read
 * replicas: the cache fill that follows must not read a replica that has not replayed the change yet, or it would put
 * the old product back for a whole TTL.
 */
@ApplicationScoped
public class ProductCacheService {

    static final String PRODUCT = "product";
    static final String PRODUCT_LIST = "product-list";
    private static final String KEY_PREFIX = "catalog:v1:";

    /** What Redis holds for a product id: the product or null (a cached 404), its logical expiry, its load time. */
    record Entry(Product product, long expiresAt, long loadMillis) {
    }

    private final RedisCacheClient redis;
    private final ReadReplicas replicas;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final CatalogConfig.Cache config;
    private final Cache<Long, Product> local;
    private final SingleFlight<Long, Optional<Product>> productFlights = new SingleFlight<>();
    private final SingleFlight<String, ProductPage> pageFlights = new SingleFlight<>();

    public ProductCacheService(RedisCacheClient redis, ReadReplicas replicas, ObjectMapper mapper,
            MeterRegistry registry, CatalogConfig config) {
        this.redis = redis;
        this.replicas = replicas;
        this.mapper = mapper;
        this.registry = registry;
        this.config = config.cache();
        this.local = Caffeine.newBuilder()
                .maximumSize(this.config.localMaxSize())
                .expireAfterWrite(this.config.localTtl())
                .build();
    }

    public Uni<Optional<Product>> product(long id, Supplier<Uni<Optional<Product>>> loader) {
        if (!config.enabled()) {
            return loader.get();
        }
        Product cached = local.getIfPresent(id);
        if (cached != null) {
            count(PRODUCT, true);
            return Uni.createFrom().item(Optional.of(cached));
        }
        return productFlights.run(id, () -> redis.get(productKey(id)).flatMap(json -> {
            Entry entry = json == null ? null : read(json, Entry.class);
            if (entry != null && !refreshEarly(entry)) {
                count(PRODUCT, true);
                Optional<Product> product = Optional.ofNullable(entry.product());
                product.ifPresent(p -> local.put(id, p));
                return Uni.createFrom().item(product);
            }
            count(PRODUCT, false);
            return timed(PRODUCT, loader)
                    .call(loaded -> store(id, Optional.ofNullable(loaded.value()), loaded.millis()))
                    .map(loaded -> Optional.ofNullable(loaded.value()));
        }));
    }

    public Uni<ProductPage> page(String normalizedQuery, Supplier<Uni<ProductPage>> loader) {
        if (!config.enabled()) {
            return loader.get();
        }
        String key = KEY_PREFIX + "page:" + sha256(normalizedQuery);
        return pageFlights.run(key, () -> redis.get(key).flatMap(json -> {
            ProductPage page = json == null ? null : read(json, ProductPage.class);
            if (page != null) {
                count(PRODUCT_LIST, true);
                return Uni.createFrom().item(page);
            }
            count(PRODUCT_LIST, false);
            return timed(PRODUCT_LIST, () -> loader.get().map(Optional::of))
                    .call(loaded -> redis.set(key, write(loaded.value()), config.pageTtl()))
                    .map(Loaded::value);
        }));
    }

    /** Write-through after a change made by this instance. */
    public Uni<Void> put(Product product) {
        replicas.wrote();
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return store(product.id(), Optional.of(product), 0);
    }

    /** Drops a product from both levels, e.g. after a delete or a stock change. */
    public Uni<Void> evict(List<Long> ids) {
        replicas.wrote();
        if (!config.enabled() || ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ids.forEach(this::evictLocal);
        return redis.delete(ids.stream().map(ProductCacheService::productKey).toList());
    }

    /** Drops only the local copy: another instance changed the product and already updated Redis. */
    public void evictLocal(long id) {
        replicas.wrote();
        if (local.asMap().remove(id) != null) {
            registry.counter("cache.evictions", "cache", PRODUCT).increment();
        }
    }

    /** Whether a product is held locally; lets tests observe event-driven invalidation. */
    public boolean holdsLocally(long id) {
        return local.getIfPresent(id) != null;
    }

    private Uni<Void> store(long id, Optional<Product> product, long loadMillis) {
        Duration ttl = product.isPresent() ? jittered(config.productTtl()) : config.negativeTtl();
        product.ifPresentOrElse(p -> local.put(id, p), () -> local.invalidate(id));
        Entry entry = new Entry(product.orElse(null), System.currentTimeMillis() + ttl.toMillis(), loadMillis);
        return redis.set(productKey(id), write(entry), ttl);
    }

    /**
     * XFetch (Vattani et al.): the closer the expiry and the slower the load, the likelier a request reloads early.
     * Only that request pays the load; the others keep being served from Redis.
     */
    private boolean refreshEarly(Entry entry) {
        double beta = config.earlyRefreshBeta();
        if (beta <= 0 || entry.loadMillis() <= 0) {
            return false;
        }
        double gap = -entry.loadMillis() * beta * Math.log(ThreadLocalRandom.current().nextDouble(1e-12, 1.0));
        return System.currentTimeMillis() + gap >= entry.expiresAt();
    }

    private Duration jittered(Duration ttl) {
        long extra = (long) (ttl.toMillis() * config.ttlJitter() * ThreadLocalRandom.current().nextDouble());
        return ttl.plusMillis(extra);
    }

    private record Loaded<T>(T value, long millis) {
    }

    private <T> Uni<Loaded<T>> timed(String cache, Supplier<Uni<Optional<T>>> loader) {
        Timer.Sample sample = Timer.start(registry);
        long start = System.nanoTime();
        return loader.get().map(value -> {
            sample.stop(registry.timer("cache.load.duration", "cache", cache));
            return new Loaded<>(value.orElse(null), Duration.ofNanos(System.nanoTime() - start).toMillis());
        });
    }

    private void count(String cache, boolean hit) {
        registry.counter("cache.gets", "cache", cache, "result", hit ? "hit" : "miss").increment();
    }

    private static String productKey(long id) {
        return KEY_PREFIX + "product:" + id;
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            // An entry written by an incompatible version: treat it as a miss, the reload overwrites it.
            return null;
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cache entry is not serializable", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
