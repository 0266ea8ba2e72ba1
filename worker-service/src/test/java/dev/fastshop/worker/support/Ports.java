package dev.fastshop.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free local TCP ports for the servers and processes the tests start. */
public final class Ports {

    private Ports() {
    }

    /** A port nothing listens on right now (the OS's choice for an ephemeral socket). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
