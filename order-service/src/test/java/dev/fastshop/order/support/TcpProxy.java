package dev.fastshop.order.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP forwarder in front of the real broker: while it is closed the service sees the broker as down, without
 * stopping the broker other modules' tests share.
 */
public final class TcpProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;

    public static TcpProxy start(int port, String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy();
        proxy.server = proxy.vertx.createNetServer().connectHandler(inbound -> {
            inbound.pause();
            proxy.vertx.createNetClient().connect(targetPort, targetHost).onSuccess(outbound -> {
                proxy.sockets.add(inbound);
                proxy.sockets.add(outbound);
                inbound.pipeTo(outbound);
                outbound.pipeTo(inbound);
                inbound.resume();
            }).onFailure(e -> inbound.close());
        });
        try {
            proxy.server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            proxy.close();
            throw new IllegalStateException("Proxy could not listen on " + port, e);
        }
        return proxy;
    }

    @Override
    public void close() {
        sockets.forEach(NetSocket::close);
        vertx.close();
    }
}
