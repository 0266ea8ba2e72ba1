package dev.fastshop.order.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port nothing listens on, remembered in a system property so every class loader sees the same one. */
public final class FreePort {

    private FreePort() {
    }

    public static int remembered(String property) {
        String known = System.getProperty(property);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            System.setProperty(property, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
