package dev.fastshop.order.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import dev.fastshop.order.config.ServiceIdentityConfig;

/**
 * The order service's own bearer token for the catalog's reservation endpoints (never the customer's: a customer must
 * not be able to reserve or release stock). RS256, signed with the service's private key, header {@code kid}
 * {@code order-service}, subject {@code order-service}, group {@code service}, valid 5 minutes. One token is reused
 * until half its lifetime has passed, so requests cost no RSA signature. The key is read at startup: without it the
 * service does not start, rather than failing every order later.
 */
@Startup
@Singleton
public class ServiceTokens {

    static final String KEY_ID = "order-service";
    static final String SUBJECT = "order-service";
    static final String GROUP = "service";
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final ServiceIdentityConfig config;
    private final Clock clock;
    private final PrivateKey key;
    private volatile Minted current;

    @Inject
    public ServiceTokens(ServiceIdentityConfig config) {
        this(config, Clock.systemUTC());
    }

    ServiceTokens(ServiceIdentityConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.key = readKey(config.keyLocation());
    }

    /** The {@code Authorization} header value: {@code Bearer <service token>}. */
    public String authorization() {
        Minted minted = current;
        Instant now = clock.instant();
        return minted != null && now.isBefore(minted.renewAt()) ? minted.authorization() : renew(now);
    }

    /** Serialised so that requests arriving together at renewal time share one new signature. */
    private synchronized String renew(Instant now) {
        Minted minted = current;
        if (minted == null || !now.isBefore(minted.renewAt())) {
            String token = Jwt.issuer(config.issuer()).audience(config.audience()).subject(SUBJECT)
                    .groups(Set.of(GROUP)).issuedAt(now).expiresAt(now.plus(LIFETIME))
                    .jws().algorithm(SignatureAlgorithm.RS256).keyId(KEY_ID).sign(key);
            minted = new Minted("Bearer " + token, now.plus(LIFETIME.dividedBy(2)));
            current = minted;
        }
        return minted.authorization();
    }

    private static PrivateKey readKey(String location) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of(location)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read the order service's private key from '" + location
                    + "' (fastshop.service-identity.key-location, env ORDER_SERVICE_KEY_LOCATION; an RSA key as a "
                    + "PKCS#8 PEM file): " + e, e);
        }
    }

    private record Minted(String authorization, Instant renewAt) {
    }
}
