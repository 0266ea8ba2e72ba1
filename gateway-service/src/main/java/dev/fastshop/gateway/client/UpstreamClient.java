package dev.fastshop.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.domain.Upstream;

/**
 * The one pooled keep-alive HTTP client to the upstreams. A replica is chosen by Stork (static list locally,
 * Kubernetes discovery in {@code %prod}; least-requests balancing); each upstream has its own circuit breaker and
 * retry budget.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final TypeLiteral<CompletionStage<Object>> ASYNC = new TypeLiteral<>() {
    };

    private final HttpClient http;
    private final Map<Upstream, GatewayConfig.Upstream> settings = new EnumMap<>(Upstream.class);
    private final Map<Upstream, Guard> breakers = new EnumMap<>(Upstream.class);
    private final Map<Upstream, RetryBudget> budgets = new EnumMap<>(Upstream.class);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public UpstreamClient(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(256));
        settings.put(Upstream.CATALOG, config.catalog());
        settings.put(Upstream.ORDER, config.order());
        GatewayConfig.CircuitBreaker cb = config.circuitBreaker();
        for (Upstream upstream : Upstream.values()) {
            breakers.put(upstream, Guard.create()
                    .withDescription("upstream " + upstream.serviceName())
                    .withCircuitBreaker()
                    .name(breakerName(upstream))
                    .requestVolumeThreshold(cb.requestVolumeThreshold())
                    .failureRatio(cb.failureRatio())
                    .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                    .skipOn(ClientGoneException.class)
                    .done()
                    .withThreadOffload(false)
                    .build());
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
        GatewayConfig.Upstream route = settings.get(upstream);
        Promise<ServiceInstance> selected = Promise.promise();
        Stork.getInstance().getService(upstream.serviceName()).selectInstanceAndRecordStart(true)
                .subscribe().with(selected::complete, selected::fail);
        return selected.future().compose(instance -> http.request(new RequestOptions()
                .setHost(instance.getHost())
                .setPort(instance.getPort())
                .setSsl(instance.isSecure())
                .setConnectTimeout(route.connectTimeout().toMillis())
                .setIdleTimeout(route.timeout().toMillis()))
                .onSuccess(request -> request.response()
                        .onComplete(ar -> instance.recordEnd(ar.failed() ? ar.cause() : null)))
                .onFailure(instance::recordEnd));
    }

    /** Runs one exchange through the upstream's circuit breaker; an open circuit fails fast. */
    @SuppressWarnings("unchecked")
    public <T> Future<T> guarded(Upstream upstream, Supplier<Future<T>> exchange) {
        Supplier<CompletionStage<Object>> action = () -> (CompletionStage<Object>) exchange.get().toCompletionStage();
        return Future.fromCompletionStage((CompletionStage<T>) breakers.get(upstream).get(action, ASYNC),
                Vertx.currentContext());
    }

    public RetryBudget retryBudget(Upstream upstream) {
        return budgets.get(upstream);
    }

    public CircuitBreakerState circuitState(Upstream upstream) {
        return CircuitBreakerMaintenance.get().currentState(breakerName(upstream));
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
        http.close();
    }

    private static String breakerName(Upstream upstream) {
        return "upstream-" + upstream.serviceName();
    }
}
