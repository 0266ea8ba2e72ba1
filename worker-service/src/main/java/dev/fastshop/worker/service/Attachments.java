package dev.fastshop.worker.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.fastshop.contracts.Attachment;

/** Builds {@link Attachment}s with their SHA-256 so receivers can verify and deduplicate what they store. */
final class Attachments {

    private Attachments() {
    }

    static Attachment of(String name, String contentType, byte[] content) {
        return new Attachment(name, contentType, content, sha256(content));
    }

    /** True when there is no attachment or it carries no bytes. */
    static boolean isEmpty(Attachment attachment) {
        return attachment == null || attachment.content() == null || attachment.content().length == 0;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
