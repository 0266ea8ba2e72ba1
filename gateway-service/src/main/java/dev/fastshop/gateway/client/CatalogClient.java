package dev.fastshop.gateway.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

import dev.fastshop.commons.domain.DomainException;
import dev.fastshop.commons.rest.ForwardedPrefix;
import dev.fastshop.commons.rest.RequestIdFilter;
import dev.fastshop.gateway.domain.Upstream;

/** JSON reads from the catalog for the gateway's own endpoints, through the same pool, balancer and breaker. */
@ApplicationScoped
public class CatalogClient {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final UpstreamClient upstreams;
    private final ObjectMapper mapper;

    public CatalogClient(UpstreamClient upstreams, ObjectMapper mapper) {
        this.upstreams = upstreams;
        this.mapper = mapper;
    }

    public Uni<JsonNode> get(String path, String requestId) {
        Future<JsonNode> result = upstreams.guarded(Upstream.CATALOG, () -> upstreams.open(Upstream.CATALOG)
                .compose(request -> {
                    request.setMethod(HttpMethod.GET).setURI(path).putHeader(HttpHeaders.ACCEPT, "application/json")
                            // Links in what the storefront passes on (image URLs) must work through the gateway.
                            .putHeader(ForwardedPrefix.HEADER, Upstream.CATALOG.publicPrefix());
                    if (requestId != null) {
                        request.putHeader(RequestIdFilter.HEADER, requestId);
                    }
                    return request.send();
                })
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.succeededFuture(parse(body.getBytes()))
                        : Future.failedFuture(new IllegalStateException(
                                "catalog answered " + response.statusCode() + " to " + path)))));
        return Uni.createFrom().completionStage(result.toCompletionStage())
                .onFailure().transform(e -> DomainException
                        .unavailable("The catalog service is unavailable; retry shortly", RETRY_AFTER));
    }

    private JsonNode parse(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("catalog sent invalid JSON", e);
        }
    }
}
