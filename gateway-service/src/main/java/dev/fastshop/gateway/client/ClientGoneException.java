package dev.fastshop.gateway.client;

/**
 * The caller closed its connection while its request was upstream, so the proxy reset the upstream exchange. Says
 * nothing about the upstream's health: circuit breakers skip it, and nobody is left to answer.
 */
public class ClientGoneException extends RuntimeException {

    public ClientGoneException(Throwable cause) {
        super("The client closed the connection", cause, false, false);
    }
}
