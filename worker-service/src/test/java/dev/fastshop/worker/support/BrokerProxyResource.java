package dev.fastshop.worker.support;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * Puts a TCP forwarder between the worker and the real RabbitMQ, so a test can cut the worker off the broker (as a
 * broker outage does: "Not connected") without stopping the broker that other modules' tests share. While cut, open
 * connections are closed and new ones refused.
 */
public class BrokerProxyResource implements QuarkusTestResourceLifecycleManager {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Set<NetSocket> SOCKETS = ConcurrentHashMap.newKeySet();
    private static volatile boolean cut;
    private static NetServer server;
    private static String brokerHost;
    private static int brokerPort;

    @Override
    public Map<String, String> start() {
        brokerHost = System.getenv().getOrDefault("FASTSHOP_RABBITMQ_HOST", "127.0.0.1");
        brokerPort = Integer.parseInt(System.getenv().getOrDefault("FASTSHOP_RABBITMQ_PORT", "5672"));
        int port = Ports.free();
        server = VERTX.createNetServer().connectHandler(BrokerProxyResource::forward);
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker proxy could not listen on " + port, e);
        }
        Map<String, String> config = new HashMap<>();
        for (String profile : new String[]{"", "%test.", "%local."}) {
            config.put(profile + "rabbitmq-host", "127.0.0.1");
            config.put(profile + "rabbitmq-port", Integer.toString(port));
        }
        return config;
    }

    private static void forward(NetSocket inbound) {
        if (cut) {
            inbound.close();
            return;
        }
        inbound.pause();
        VERTX.createNetClient().connect(brokerPort, brokerHost).onSuccess(outbound -> {
            SOCKETS.add(inbound);
            SOCKETS.add(outbound);
            inbound.pipeTo(outbound);
            outbound.pipeTo(inbound);
            inbound.resume();
        }).onFailure(e -> inbound.close());
    }

    /** The broker as the test client sees it: directly, never through the proxy. */
    public static RabbitTestClient directClient(String username, String password, String virtualHost) {
        return new RabbitTestClient(brokerHost, brokerPort, username, password, virtualHost);
    }

    public static void cut() {
        cut = true;
        SOCKETS.forEach(NetSocket::close);
        SOCKETS.clear();
    }

    public static void restore() {
        cut = false;
    }

    @Override
    public void stop() {
        restore();
        SOCKETS.forEach(NetSocket::close);
        if (server != null) {
            server.close();
        }
    }
}
