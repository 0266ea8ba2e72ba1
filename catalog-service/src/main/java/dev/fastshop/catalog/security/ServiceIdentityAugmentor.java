package dev.fastshop.catalog.security;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.config.CatalogConfig;

/**
 * The role {@code service} is honoured only for tokens verified with a service key. The catalog trusts several keys
 * (a JWKS: the users' key and the order service's), and smallrye-jwt verifies a token with the key its header
 * {@code kid} names; a groups claim alone proves nothing about who signed it, so a user token claiming
 * {@code service} has that role removed here.
 */
@ApplicationScoped
public class ServiceIdentityAugmentor implements SecurityIdentityAugmentor {

    public static final String SERVICE_ROLE = "service";

    private final Set<String> serviceKeyIds;

    public ServiceIdentityAugmentor(CatalogConfig config) {
        this.serviceKeyIds = Set.copyOf(config.security().serviceKeyIds());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.hasRole(SERVICE_ROLE) || signedWithServiceKey(identity)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = identity.getRoles().stream().filter(role -> !role.equals(SERVICE_ROLE))
                .collect(Collectors.toUnmodifiableSet());
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .addPermissionChecker(identity::checkPermission)
                .build());
    }

    /** The signature covers the header, and the token reaching here was verified: its kid is the key that did it. */
    private boolean signedWithServiceKey(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null) {
            return false;
        }
        try {
            String kid = JsonWebStructure.fromCompactSerialization(jwt.getRawToken()).getKeyIdHeaderValue();
            return kid != null && serviceKeyIds.contains(kid);
        } catch (JoseException e) {
            return false;
        }
    }
}
