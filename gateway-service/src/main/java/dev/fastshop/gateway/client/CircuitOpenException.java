package dev.fastshop.gateway.client;

import dev.fastshop.gateway.domain.Upstream;

/** The upstream's circuit is open: the call was refused without reaching it. */
public class CircuitOpenException extends RuntimeException {

    public CircuitOpenException(Upstream upstream) {
        super("The circuit of upstream " + upstream.serviceName() + " is open", null, false, false);
    }
}
