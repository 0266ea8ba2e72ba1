import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The platform baseline of the gateway benchmark: vertx-http-proxy and nothing else, on the gateway's own JVM, flags,
 * jars and event-loop count, doing what nginx does in the same run (strip the public prefix, pooled keep-alive
 * upstream connections). {@code java -cp 'gateway-service/target/quarkus-app/lib/main/*' BareProxy.java PORT
 * UPSTREAM_HOST UPSTREAM_PORT PREFIX EVENT_LOOPS}. The gap between it and the gateway is the gateway's own cost;
 * nothing here is part of the services.
 */
public class BareProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String upstreamHost = args[1];
        int upstreamPort = Integer.parseInt(args[2]);
        String prefix = args[3];
        int eventLoops = Integer.parseInt(args[4]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                        new PoolOptions().setHttp1MaxSize(128));
                HttpProxy proxy = HttpProxy.reverseProxy(client).origin(upstreamPort, upstreamHost)
                        .addInterceptor(new ProxyInterceptor() {
                            @Override
                            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                                String uri = context.request().getURI();
                                if (uri.startsWith(prefix)) {
                                    context.request().setURI(uri.substring(prefix.length()));
                                }
                                return context.sendRequest();
                            }
                        });
                vertx.createHttpServer().requestHandler(proxy).listen(port, upstreamHost)
                        .<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(eventLoops)).onFailure(failure -> {
            failure.printStackTrace();
            System.exit(1);
        }).onSuccess(id -> System.out.println("bare proxy on port " + port + ", " + eventLoops + " event loops"));
    }
}
