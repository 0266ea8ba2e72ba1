import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Publishes COUNT distinct jobs of one type straight to the jobs exchange, with publisher confirms, so the benchmark
 * can time the worker alone: {@code java -cp PERFTEST_CLASSPATH JobFlood.java AMQP_URI invoice|email|image COUNT}.
 * Every job has its own id (the worker skips ids it has completed) and a realistic payload: a three-line invoice, an
 * email with a 40 KB PDF attachment, a 1600x1200 JPEG photo-like image. Run with the classpath of RabbitMQ PerfTest,
 * which carries the AMQP client; nothing here is part of the services.
 */
public class JobFlood {

    private static final String JOBS_EXCHANGE = "fastshop.jobs";
    private static final int CONFIRM_EVERY = 200;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JobFlood AMQP_URI invoice|email|image COUNT");
            System.exit(2);
        }
        String type = args[1];
        int count = Integer.parseInt(args[2]);
        Payloads payloads = new Payloads(type);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        long started = System.nanoTime();
        try (Connection connection = factory.newConnection("job-flood"); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build();
            for (int i = 1; i <= count; i++) {
                channel.basicPublish(JOBS_EXCHANGE, type, true, properties, payloads.next());
                if (i % CONFIRM_EVERY == 0) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
        System.out.printf("RESULT type=%s jobs=%d publish_s=%.2f%n", type, count,
                (System.nanoTime() - started) / 1e9);
    }

    /** One JSON body per job, as the order and catalog services would publish it. */
    private static final class Payloads {
        private final String type;
        private final String attachment;

        Payloads(String type) throws Exception {
            this.type = type;
            this.attachment = switch (type) {
                case "invoice" -> null;
                case "email" -> attachment("invoice.pdf", "application/pdf", pdfLike());
                case "image" -> attachment("photo.jpg", "image/jpeg", jpeg());
                default -> throw new IllegalArgumentException("unknown job type " + type);
            };
        }

        byte[] next() {
            String jobId = UUID.randomUUID().toString();
            String orderId = UUID.randomUUID().toString();
            String json = switch (type) {
                case "invoice" -> """
                        {"schemaVersion":1,"jobId":"%s","orderId":"%s","orderedAt":"%s","customerEmail":"bench@fastshop.dev",
                         "shippingAddress":{"name":"Ada Bench","line1":"Hauptstrasse 1","line2":null,"postalCode":"10115",
                         "city":"Berlin","country":"DE"},
                         "lines":[{"sku":"SKU-0000001","name":"Sturdy Oak Desk","quantity":1,"unitPrice":249.00,"lineTotal":249.00},
                                  {"sku":"SKU-0000002","name":"Quiet Linen Lamp","quantity":2,"unitPrice":39.90,"lineTotal":79.80},
                                  {"sku":"SKU-0000003","name":"Bright Steel Mug","quantity":4,"unitPrice":9.50,"lineTotal":38.00}],
                         "subtotal":366.80,"taxRate":0.19,"tax":69.69,"total":436.49,"currency":"EUR"}"""
                        .formatted(jobId, orderId, Instant.now());
                case "email" -> """
                        {"schemaVersion":1,"jobId":"%s","orderId":"%s","to":"bench@fastshop.dev","customerName":"Ada Bench",
                         "total":436.49,"currency":"EUR","invoice":%s}""".formatted(jobId, orderId, attachment);
                default -> """
                        {"schemaVersion":1,"jobId":"%s","productId":%d,"original":%s,"sizes":[128,512]}"""
                        .formatted(jobId, 900_000_000L + Math.abs(jobId.hashCode() % 1000), attachment);
            };
            return json.getBytes(StandardCharsets.UTF_8);
        }

        private static String attachment(String name, String contentType, byte[] content) throws Exception {
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            return """
                    {"name":"%s","contentType":"%s","content":"%s","sha256":"%s"}"""
                    .formatted(name, contentType, Base64.getEncoder().encodeToString(content), sha256);
        }

        private static byte[] pdfLike() {
            byte[] bytes = new byte[40 * 1024];
            new Random(42).nextBytes(bytes);
            byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(header, 0, bytes, 0, header.length);
            return bytes;
        }

        /** A photo-sized JPEG with gradients and noise, so the encoder does real work. */
        private static byte[] jpeg() throws Exception {
            BufferedImage image = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), 1600, 1200, new Color(230, 180, 60)));
            g.fillRect(0, 0, 1600, 1200);
            g.dispose();
            Random random = new Random(7);
            for (int i = 0; i < 200_000; i++) {
                image.setRGB(random.nextInt(1600), random.nextInt(1200), random.nextInt(0xFFFFFF));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        }
    }
}
