package dev.fastshop.gateway.service;

import java.math.BigInteger;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.netty.util.NetUtil;

import dev.fastshop.gateway.config.GatewayConfig;

/**
 * The address an anonymous caller is limited by. {@code X-Forwarded-For} is believed only when the TCP peer is a
 * trusted proxy; then the right-most address that is not itself a trusted proxy is the client. Anything else would
 * let a caller pick a fresh identity per request.
 */
@ApplicationScoped
public class ClientAddressResolver {

    private final List<Cidr> trusted;

    @Inject
    public ClientAddressResolver(GatewayConfig config) {
        this(config.rateLimit().trustedProxies());
    }

    ClientAddressResolver(List<String> trustedCidrs) {
        this.trusted = trustedCidrs.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    public String clientAddress(String peer, String forwardedFor) {
        if (forwardedFor == null || trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    record Cidr(BigInteger network, int length, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.trim().split("/");
            byte[] address = NetUtil.createByteArrayFromIpAddressString(parts[0]);
            if (address == null || parts.length > 2) {
                throw new IllegalArgumentException("Not a CIDR: " + text);
            }
            int bits = address.length * 8;
            int length = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            if (length < 0 || length > bits) {
                throw new IllegalArgumentException("Bad prefix length in " + text);
            }
            return new Cidr(new BigInteger(1, address).shiftRight(bits - length), length, bits);
        }

        boolean contains(byte[] address) {
            return address.length * 8 == bits
                    && new BigInteger(1, address).shiftRight(bits - length).equals(network);
        }
    }
}
