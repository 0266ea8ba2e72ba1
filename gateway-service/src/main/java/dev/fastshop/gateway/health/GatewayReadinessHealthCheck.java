package dev.fastshop.gateway.health;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import dev.fastshop.gateway.client.UpstreamClient;
import dev.fastshop.gateway.domain.Upstream;

/**
 * Ready as soon as the gateway's own listener answers this probe. Redis (rate limits fail open without it) and the
 * upstreams' circuit states are reported in the details only: a gateway that answers 503 for one upstream is still
 * the right place to send traffic.
 */
@Readiness
@ApplicationScoped
public class GatewayReadinessHealthCheck implements AsyncHealthCheck {

    private static final Duration REDIS_PROBE_TIMEOUT = Duration.ofMillis(500);

    private final Redis redis;
    private final UpstreamClient upstreams;

    public GatewayReadinessHealthCheck(Redis redis, UpstreamClient upstreams) {
        this.redis = redis;
        this.upstreams = upstreams;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> redis.send(Request.cmd(Command.PING)).toCompletionStage())
                .ifNoItem().after(REDIS_PROBE_TIMEOUT).fail()
                .map(pong -> "UP")
                .onFailure().recoverWithItem("DOWN (rate limits use the per-replica fallback)")
                .map(this::response);
    }

    private HealthCheckResponse response(String redisState) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("gateway").up().withData("redis", redisState);
        for (Upstream upstream : Upstream.values()) {
            builder.withData(upstream.serviceName() + "-circuit",
                    upstreams.circuitState(upstream).name().toLowerCase(Locale.ROOT));
        }
        return builder.build();
    }
}
