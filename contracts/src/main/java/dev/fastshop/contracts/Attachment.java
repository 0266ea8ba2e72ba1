package dev.fastshop.contracts;

/** A binary artifact carried in a message; JSON encodes the content as base64. */
public record Attachment(String name, String contentType, byte[] content, String sha256) {
}
