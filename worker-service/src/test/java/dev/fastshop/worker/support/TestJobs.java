package dev.fastshop.worker.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

import dev.fastshop.contracts.Address;
import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.InvoiceLine;

/** Test data: jobs as the order and catalog services publish them. */
public final class TestJobs {

    public static final Instant ORDERED_AT = Instant.parse("2026-11-26T10:15:30Z");
    public static final Address ADDRESS = new Address("Ada Lovelace", "12 Analytical Row", "Flat 3", "10115",
            "Berlin", "DE");
    public static final String CUSTOMER_EMAIL = "ada@example.com";
    public static final String CURRENCY = "EUR";
    public static final BigDecimal SUBTOTAL = new BigDecimal("49.97");
    public static final BigDecimal TAX_RATE = new BigDecimal("0.19");
    public static final BigDecimal TAX = new BigDecimal("9.49");
    public static final BigDecimal TOTAL = new BigDecimal("59.46");
    public static final String TOTAL_TEXT = "59.46 EUR";
    public static final List<InvoiceLine> LINES = List.of(
            new InvoiceLine("KB-001", "Mechanical keyboard", 1, new BigDecimal("39.99"), new BigDecimal("39.99")),
            new InvoiceLine("MP-002", "Mouse pad", 2, new BigDecimal("4.99"), new BigDecimal("9.98")));

    private TestJobs() {
    }

    public static InvoiceJob invoice() {
        return new InvoiceJob(InvoiceJob.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), ORDERED_AT,
                CUSTOMER_EMAIL, ADDRESS, LINES, SUBTOTAL, TAX_RATE, TAX, TOTAL, CURRENCY);
    }

    public static EmailJob email(String to, byte[] invoicePdf) {
        return new EmailJob(EmailJob.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), to, "Ada Lovelace", TOTAL,
                CURRENCY, new Attachment("invoice.pdf", "application/pdf", invoicePdf, null));
    }

    public static ImageJob image(long productId, byte[] image, String contentType) {
        return new ImageJob(ImageJob.SCHEMA_VERSION, UUID.randomUUID(), productId,
                new Attachment("original", contentType, image, null), List.of(128, 512));
    }

    /** A synthetic picture: a gradient with a circle, so scaling has real content to work on. */
    public static byte[] picture(int width, int height, String format) {
        int type = "png".equals(format) ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        for (int x = 0; x < width; x++) {
            graphics.setColor(new Color(x * 255 / width, 80, 160));
            graphics.drawLine(x, 0, x, height);
        }
        graphics.setColor(Color.YELLOW);
        graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
