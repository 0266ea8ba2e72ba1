package dev.fastshop.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** Reads what GreenMail received: messages per recipient and their MIME parts. */
public final class Mailbox {

    private Mailbox() {
    }

    public static List<MimeMessage> messagesTo(String recipient) {
        return Arrays.stream(GreenMailResource.smtp().getReceivedMessages())
                .filter(message -> isAddressedTo(message, recipient))
                .toList();
    }

    /** The leaf parts of a message (bodies and attachments), depth first. */
    public static List<Part> leaves(Part part) {
        List<Part> leaves = new ArrayList<>();
        collect(part, leaves);
        return leaves;
    }

    private static void collect(Part part, List<Part> leaves) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, leaves);
                }
            } else {
                leaves.add(part);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isAddressedTo(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().equals(recipient));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
