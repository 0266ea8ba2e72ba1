package dev.fastshop.gateway.support;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * A Vert.x HTTP client for what RestAssured cannot show: the raw (still compressed) body and the negotiated protocol
 * version.
 */
public final class RawClient implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;

    private RawClient(HttpClientOptions options) {
        this.client = vertx.createHttpClient(options.setDecompressionSupported(false));
    }

    /** The gateway's plain HTTP port in this test run. */
    public static int testPort() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port",
                Integer.class);
    }

    public static RawClient http1() {
        return new RawClient(new HttpClientOptions());
    }

    /** HTTP/2 over cleartext with prior knowledge. */
    public static RawClient h2c() {
        return new RawClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    /** HTTP/2 over TLS negotiated by ALPN; trusts the test's self-signed certificate. */
    public static RawClient h2() {
        return new RawClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true)
                .setUseAlpn(true).setTrustAll(true).setVerifyHost(false));
    }

    public Reply get(int port, String uri, Map<String, String> headers) throws Exception {
        MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(port)
                .setURI(uri).setHeaders(requestHeaders))
                .compose(request -> request.send())
                .compose(response -> response.body()
                        .map(body -> new Reply(response.statusCode(), response.version(), response.headers(), body)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** POSTs {@code chunks} buffers of {@code chunkSize} bytes with chunked transfer encoding (no Content-Length). */
    public Reply postChunked(int port, String uri, Map<String, String> headers, int chunks, int chunkSize)
            throws Exception {
        MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(port)
                .setURI(uri).setHeaders(requestHeaders))
                .compose(request -> {
                    request.setChunked(true);
                    for (int i = 0; i < chunks; i++) {
                        request.write(Buffer.buffer(new byte[chunkSize]));
                    }
                    request.end();
                    return request.response();
                })
                .compose(response -> response.body()
                        .map(body -> new Reply(response.statusCode(), response.version(), response.headers(), body)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    public record Reply(int status, HttpVersion version, MultiMap headers, Buffer body) {
    }
}
