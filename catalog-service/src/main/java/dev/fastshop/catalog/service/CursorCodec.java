package dev.fastshop.catalog.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fastshop.catalog.config.CatalogConfig;
import dev.fastshop.catalog.domain.CursorPosition;
import dev.fastshop.catalog.domain.SearchMode;
import dev.fastshop.commons.domain.DomainException;

/**
 * Opaque keyset cursors: {@code base64url(json).base64url(hmac)}. The HMAC covers the position and a digest of the
 * filters, so a client can neither forge a position nor reuse a cursor with other filters.
 */
@ApplicationScoped
public class CursorCodec {

    private static final Logger LOG = Logger.getLogger(CursorCodec.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_LENGTH = 1024;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a cursor carries: filter digest, search mode, sort key of the last row, its id. */
    record Payload(String f, SearchMode m, String k, long i) {
    }

    private final SecretKeySpec key;
    private final ObjectMapper mapper;

    public CursorCodec(CatalogConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        byte[] secret = config.cursor().secret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.warn("CATALOG_CURSOR_SECRET is not set: using a random key, cursors will not survive a restart or"
                    + " work across instances");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    public String encode(CursorPosition position, String filterKey) {
        try {
            byte[] json = mapper.writeValueAsBytes(
                    new Payload(digest(filterKey), position.mode(), position.key(), position.id()));
            String body = ENCODER.encodeToString(json);
            return body + "." + ENCODER.encodeToString(sign(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cursor payload is not serializable", e);
        }
    }

    /** Verifies and decodes a cursor made for these filters; anything else is a 400 naming {@code cursor}. */
    public CursorPosition decode(String cursor, String filterKey) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid("is too long");
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0) {
            throw invalid("is malformed");
        }
        String body = cursor.substring(0, dot);
        byte[] signature;
        Payload payload;
        try {
            signature = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(body))) {
                throw invalid("was modified or issued by another deployment");
            }
            payload = mapper.readValue(DECODER.decode(body), Payload.class);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid("is malformed");
        }
        if (!digest(filterKey).equals(payload.f())) {
            throw invalid("belongs to a different query; keep q, filters and sort unchanged while paging");
        }
        if (payload.m() == null || payload.k() == null) {
            throw invalid("is malformed");
        }
        return new CursorPosition(payload.m(), payload.k(), payload.i());
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static String digest(String filterKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(filterKey.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(java.util.Arrays.copyOf(hash, 12));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static DomainException invalid(String reason) {
        return DomainException.invalid("cursor", "the cursor " + reason);
    }
}
