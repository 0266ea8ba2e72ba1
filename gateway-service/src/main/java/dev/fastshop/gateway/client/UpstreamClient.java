package dev.fastshop.gateway.client;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import dev.fastshop.commons.http.LivenessProbe;
import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.domain.Upstream;

/**
 * The one pooled keep-alive HTTP client to the upstreams. A replica is chosen by Stork (static list locally,
 * Kubernetes discovery in {@code %prod}; least-requests balancing); each upstream has its own circuit breaker and
 * retry budget.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);
    private static final long DISCOVERY_PERIOD_MS = 1000;
    /** Longer than an upstream takes to start answering when it is well; past it, a read asks the liveness probe. */
    private static final long SUSPECT_AFTER_MS = 300;

    private final Vertx vertx;
    private final HttpClientOptions clientOptions = new HttpClientOptions()
            .setKeepAlive(true)
            .setPipelining(false)
            .setTcpNoDelay(true)
            .setDecompressionSupported(false);
    private final PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(256);
    private final HttpClient http;
    private final Queue<HttpClient> loopClients = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<HttpClient> loopClient = ThreadLocal.withInitial(this::newLoopClient);
    private final Map<Upstream, GatewayConfig.Upstream> settings = new EnumMap<>(Upstream.class);
    private final Map<Upstream, UpstreamBreaker> breakers = new EnumMap<>(Upstream.class);
    private final Map<Upstream, RetryBudget> budgets = new EnumMap<>(Upstream.class);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Upstream, List<ServiceInstance>> replicas = new ConcurrentHashMap<>();
    private final Map<String, LivenessProbe> probes = new ConcurrentHashMap<>();
    private long discoveryTimer = -1;
    private final MeterRegistry registry;

    public UpstreamClient(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.vertx = vertx;
        this.http = vertx.createHttpClient(clientOptions, poolOptions);
        settings.put(Upstream.CATALOG, config.catalog());
        settings.put(Upstream.ORDER, config.order());
        GatewayConfig.CircuitBreaker cb = config.circuitBreaker();
        for (Upstream upstream : Upstream.values()) {
            breakers.put(upstream, new UpstreamBreaker(cb.requestVolumeThreshold(), cb.failureRatio(),
                    cb.delay().toNanos(), System::nanoTime));
            budgets.put(upstream, new RetryBudget(config.retry().budgetRatio(), config.retry().minRetriesPerSecond()));
        }
    }

    public HttpClient http() {
        return http;
    }

    /**
     * Opens a request to one replica of the upstream. The replica's in-flight count (least-requests balancing) ends
     * when its response headers arrive or the exchange fails.
     */
    public Future<HttpClientRequest> open(Upstream upstream) {
        ServiceInstance instance;
        try {
            instance = select(upstream);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (instance != null) {
            return request(upstream, instance);
        }
        // Nothing discovered yet: Stork's own asynchronous selection.
        Promise<ServiceInstance> selected = Promise.promise();
        Stork.getInstance().getService(upstream.serviceName()).selectInstanceAndRecordStart(true)
                .subscribe().with(selected::complete, selected::fail);
        return selected.future().compose(chosen -> request(upstream, chosen));
    }

    private Future<HttpClientRequest> request(Upstream upstream, ServiceInstance instance) {
        GatewayConfig.Upstream route = settings.get(upstream);
        return client().request(new RequestOptions()
                .setHost(instance.getHost())
                .setPort(instance.getPort())
                .setSsl(instance.isSecure())
                .setConnectTimeout(route.connectTimeout().toMillis())
                .setIdleTimeout(route.timeout().toMillis()))
                .onSuccess(request -> {
                    long sent = System.nanoTime();
                    long watchdog = vertx.setTimer(SUSPECT_AFTER_MS, id -> suspect(request, instance, sent));
                    request.response().onComplete(ar -> {
                        vertx.cancelTimer(watchdog);
                        instance.recordEnd(ar.failed() ? ar.cause() : null);
                        // Probes exist only for replicas that once kept a read waiting: otherwise no lookup at all.
                        if (ar.succeeded() && !probes.isEmpty()) {
                            LivenessProbe probe = probes.get(address(instance));
                            if (probe != null) {
                                probe.heard();
                            }
                        }
                    });
                })
                .onFailure(instance::recordEnd);
    }

    /**
     * A request without its response headers after 300 ms: if it is a read and the replica does not answer a
     * {@link LivenessProbe} either, the replica is hung (a frozen process, stuck event loops) and the read fails now
     * (503, and a failure for the breaker) instead of at the route's timeout. A slow replica keeps the read. Writes
     * always wait: a write the replica still runs later must not have been answered 503.
     */
    private void suspect(HttpClientRequest request, ServiceInstance instance, long sent) {
        if (!isSafe(request.getMethod())) {
            return;
        }
        probes.computeIfAbsent(address(instance),
                address -> new LivenessProbe(vertx, instance.getHost(), instance.getPort(), instance.isSecure()))
                .answers(sent).onSuccess(answers -> {
                    if (!answers) {
                        LOG.warnf("%s:%d answers neither a read nor a liveness probe: giving up %s %s",
                                instance.getHost(), instance.getPort(), request.getMethod(), request.getURI());
                        request.reset();
                    }
                });
    }

    private static String address(ServiceInstance instance) {
        return instance.getHost() + ':' + instance.getPort();
    }

    /** A read: nothing happens upstream that sending it again, or giving it up early, could duplicate or hide. */
    public static boolean isSafe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    /**
     * Stork's least-requests choice among the replicas last discovered, made synchronously: its {@code Uni} path cost
     * 4 CPU-µs per proxied request (docs/performance.md). Null while no replica is known.
     */
    private ServiceInstance select(Upstream upstream) {
        List<ServiceInstance> instances = replicas.get(upstream);
        if (instances == null || instances.isEmpty()) {
            return null;
        }
        return Stork.getInstance().getService(upstream.serviceName()).selectInstanceAndRecordStart(instances, true);
    }

    /** Takes Stork's current replica lists (cached by its discovery, so this is cheap) once a second. */
    void discover(@Observes StartupEvent event) {
        refreshReplicas();
        discoveryTimer = vertx.setPeriodic(DISCOVERY_PERIOD_MS, id -> refreshReplicas());
    }

    private void refreshReplicas() {
        for (Upstream upstream : Upstream.values()) {
            Stork.getInstance().getService(upstream.serviceName()).getInstances().subscribe().with(
                    list -> replicas.put(upstream, list),
                    failure -> LOG.warnf("Discovery of %s failed; keeping the last replicas known: %s",
                            upstream.serviceName(), failure.toString()));
        }
    }

    /**
     * The client of the calling event loop. One client shared by all event loops lets a connection opened on one loop
     * carry a request from another, and every such exchange then crosses threads twice (the response is handed to the
     * server connection's loop as a task, with a wake-up): a client per loop keeps each exchange on one thread.
     */
    private HttpClient client() {
        Context context = Vertx.currentContext();
        return context != null && context.isEventLoopContext() ? loopClient.get() : http;
    }

    private HttpClient newLoopClient() {
        HttpClient client = vertx.createHttpClient(clientOptions, poolOptions);
        loopClients.add(client);
        return client;
    }

    /**
     * Runs one exchange through the upstream's circuit breaker; an open circuit fails fast. A caller hanging up says
     * nothing about the upstream: it counts as neither success nor failure.
     */
    public <T> Future<T> guarded(Upstream upstream, Supplier<Future<T>> exchange) {
        UpstreamBreaker breaker = breakers.get(upstream);
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(new CircuitOpenException(upstream));
        }
        Future<T> result;
        try {
            result = exchange.get();
        } catch (RuntimeException e) {
            breaker.onFailure();
            return Future.failedFuture(e);
        }
        return result.andThen(outcome -> {
            if (outcome.succeeded() || outcome.cause() instanceof ClientGoneException) {
                breaker.onSuccess();
            } else {
                breaker.onFailure();
            }
        });
    }

    public RetryBudget retryBudget(Upstream upstream) {
        return budgets.get(upstream);
    }

    public UpstreamBreaker.State circuitState(Upstream upstream) {
        return breakers.get(upstream).state();
    }

    /** {@code fastshop.gateway.upstream.duration{upstream,status}}; timers are cached, the tag set is small. */
    public Timer timer(Upstream upstream, int status) {
        String key = upstream.serviceName() + status;
        return timers.computeIfAbsent(key, k -> Timer.builder("fastshop.gateway.upstream.duration")
                .description("Time from forwarding a request to the upstream's response headers")
                .tag("upstream", upstream.serviceName())
                .tag("status", status == 0 ? "error" : Integer.toString(status))
                .register(registry));
    }

    @PreDestroy
    void close() {
        vertx.cancelTimer(discoveryTimer);
        http.close();
        loopClients.forEach(HttpClient::close);
    }
}
