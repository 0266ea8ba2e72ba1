package dev.fastshop.gateway.proxy;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import dev.fastshop.gateway.config.GatewayConfig;

/** Request body limits per route: the image upload gets more room than everything else. */
@ApplicationScoped
public class BodyLimits {

    private static final Pattern IMAGE_UPLOAD = Pattern.compile("/api/catalog/products/[^/]+/image");

    private final long defaultLimit;
    private final long imageUploadLimit;

    public BodyLimits(GatewayConfig config) {
        this.defaultLimit = config.body().defaultLimit().asLongValue();
        this.imageUploadLimit = config.body().imageUploadLimit().asLongValue();
    }

    public long limitFor(HttpServerRequest request) {
        return request.method() == HttpMethod.POST && IMAGE_UPLOAD.matcher(request.path()).matches()
                ? imageUploadLimit
                : defaultLimit;
    }
}
