package dev.fastshop.messaging.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fastshop.messaging.config.BrokerConfig;

/**
 * Stand-ins for a broker, so these tests need none: a port where nothing listens, and a listener that accepts TCP
 * connections (counting them), holds them until released, then hangs up before any AMQP is spoken.
 */
public final class TestBroker implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    private TestBroker() throws IOException {
        server = new ServerSocket(0);
        Thread acceptor = new Thread(this::acceptAll, "test-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TestBroker hangingUp() throws IOException {
        return new TestBroker();
    }

    /** A local port nothing listens on (taken, then freed). */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static BrokerConfig at(int port) {
        return new BrokerConfig() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String username() {
                return "guest";
            }

            @Override
            public String password() {
                return "guest";
            }

            @Override
            public String virtualHost() {
                return "/";
            }
        };
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return accepted.get();
    }

    /** From now on every connection, held or new, is closed. */
    public void release() {
        release.countDown();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                Thread holder = new Thread(() -> hangUpWhenReleased(socket), "test-broker-connection");
                holder.setDaemon(true);
                holder.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void hangUpWhenReleased(Socket socket) {
        try (socket) {
            release.await();
        } catch (IOException | InterruptedException ignored) {
            // the test is over
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
    }
}
