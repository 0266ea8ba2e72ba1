package dev.fastshop.worker.support;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) on a free port for the test run; the mailer is pointed at it. Tests reach it through
 * {@link #smtp()} and may stop and start it to make the SMTP server unavailable for a while.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static final String HOST = "127.0.0.1";
    private static volatile GreenMail server;
    private static int port;

    @Override
    public Map<String, String> start() {
        port = Ports.free();
        startServer();
        return Map.of("quarkus.mailer.host", HOST, "quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static GreenMail smtp() {
        return server;
    }

    /** Makes the SMTP port refuse connections, as an SMTP outage would. */
    public static synchronized void stopServer() {
        server.stop();
    }

    /** Brings the SMTP server back on the same port, with an empty inbox. */
    public static synchronized void startServer() {
        server = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        server.start();
    }
}
