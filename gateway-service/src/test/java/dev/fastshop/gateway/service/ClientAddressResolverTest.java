package dev.fastshop.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private static final String PROXY = "10.1.2.3";
    private static final String CLIENT = "203.0.113.7";
    private static final String SPOOFED = "198.51.100.66";
    private static final ClientAddressResolver RESOLVER = new ClientAddressResolver(List.of("10.0.0.0/8", "::1/128"));

    @Test
    void untrustedPeerIsTheClientWhateverItForwards() {
        assertEquals(CLIENT, RESOLVER.clientAddress(CLIENT, SPOOFED));
    }

    @Test
    void trustedProxyNamesTheClient() {
        assertEquals(CLIENT, RESOLVER.clientAddress(PROXY, CLIENT));
    }

    @Test
    void rightMostUntrustedHopWinsSoAPrependedAddressIsIgnored() {
        assertEquals(CLIENT, RESOLVER.clientAddress(PROXY, SPOOFED + ", " + CLIENT + ", 10.9.9.9"));
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertEquals(PROXY, RESOLVER.clientAddress(PROXY, "not-an-address"));
    }

    @Test
    void ipv6ProxyIsRecognised() {
        assertEquals(CLIENT, RESOLVER.clientAddress("0:0:0:0:0:0:0:1", CLIENT));
    }

    @Test
    void noTrustedProxiesMeansThePeer() {
        assertEquals(PROXY, new ClientAddressResolver(List.of()).clientAddress(PROXY, CLIENT));
    }
}
