package dev.fastshop.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.restassured.http.ContentType;

/**
 * Starts the four built jars together, as production runs them (profile prod), against the real PostgreSQL, Redis
 * and RabbitMQ of this machine (databases *_e2e, vhost fastshop-e2e, Redis database 4) and a real SMTP server, and
 * drives them only through the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastshopIT {

    private static final String CUSTOMER = "e2e-" + UUID.randomUUID();
    private static final String CUSTOMER_EMAIL = "buyer-" + UUID.randomUUID() + "@example.com";
    private static final String PRODUCT_PRICE = "24.50";
    private static final int PRODUCT_STOCK = 5;
    private static final int ORDERED_QUANTITY = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static final Map<String, ServiceProcess> byName = new LinkedHashMap<>();
    private static GreenMail smtp;
    private static TestTokens tokens;
    private static String gateway;
    private static long productId;

    @BeforeAll
    static void startTheStack() throws Exception {
        Assumptions.assumeTrue(System.getenv("FASTSHOP_PG_HOST") != null,
                "needs the real servers and secrets that ./fastshop test provides");
        tokens = new TestTokens(Path.of("target"));
        smtp = new GreenMail(new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        int catalogPort = ServiceProcess.freePort();
        int orderPort = ServiceProcess.freePort();
        Map<String, String> env = new HashMap<>();
        String pg = System.getenv("FASTSHOP_PG_HOST") + ":" + System.getenv("FASTSHOP_PG_PORT");
        env.put("CATALOG_DB_URL", "postgresql://" + pg + "/catalog_e2e");
        env.put("CATALOG_DB_JDBC_URL", "jdbc:postgresql://" + pg + "/catalog_e2e");
        env.put("ORDER_DB_URL", "postgresql://" + pg + "/orders_e2e");
        env.put("ORDER_DB_JDBC_URL", "jdbc:postgresql://" + pg + "/orders_e2e");
        env.put("REDIS_URL", "redis://" + System.getenv("FASTSHOP_REDIS_HOST") + ":"
                + System.getenv("FASTSHOP_REDIS_PORT") + "/4");
        env.put("RABBITMQ_HOST", System.getenv("FASTSHOP_RABBITMQ_HOST"));
        env.put("RABBITMQ_PORT", System.getenv("FASTSHOP_RABBITMQ_PORT"));
        env.put("RABBITMQ_VHOST", "fastshop-e2e");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("JWT_PUBLIC_KEY_LOCATION", tokens.publicKeyPem.toString());
        env.put("CATALOG_URL", "http://127.0.0.1:" + catalogPort);
        env.put("ORDER_URL", "http://127.0.0.1:" + orderPort);
        // %prod discovers upstreams through the Kubernetes API; outside a cluster the gateway uses static lists.
        env.put("GATEWAY_DISCOVERY", "static");
        env.put("GATEWAY_TLS_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");

        add("catalog", "CATALOG_PORT", catalogPort, env);
        add("order", "ORDER_PORT", orderPort, env);
        add("worker", "WORKER_PORT", ServiceProcess.freePort(), env);
        add("gateway", "GATEWAY_PORT", ServiceProcess.freePort(), env);
        for (ServiceProcess service : services) {
            service.start();
        }
        gateway = byName.get("gateway").baseUrl();
        awaitAllReady();
    }

    private static void add(String name, String portVariable, int port, Map<String, String> shared) {
        Map<String, String> env = new HashMap<>(shared);
        env.put(portVariable, Integer.toString(port));
        ServiceProcess service = new ServiceProcess(name, port, env);
        services.add(service);
        byName.put(name, service);
    }

    private static void awaitAllReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (ServiceProcess service : services) {
            while (!service.isReady()) {
                if (!service.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name + " did not get ready:\n" + service.tail(40));
                }
                sleep(250);
            }
        }
    }

    @AfterAll
    static void stopTheStack() throws InterruptedException {
        for (ServiceProcess service : services) {
            service.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    @Order(1)
    void allFourServicesAreReady() {
        for (ServiceProcess service : services) {
            assertTrue(service.isReady(), service.name + " is not ready");
        }
    }

    @Test
    @Order(2)
    void anAdminCreatesAProductThroughTheGatewayAndAnyoneReadsIt() {
        String sku = "E2E-" + UUID.randomUUID();
        Number id = given().baseUri(gateway)
                .auth().oauth2(tokens.admin("e2e-admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "End-to-end Lamp", "brand", "Lumen",
                        "description", "A lamp made by the end-to-end test", "category", "home",
                        "price", Map.of("amount", PRODUCT_PRICE, "currency", "EUR"), "stock", PRODUCT_STOCK))
                .post("/api/catalog/products")
                .then().statusCode(201)
                .extract().path("id");
        productId = id.longValue();

        given().baseUri(gateway)
                .get("/api/catalog/products/" + productId)
                .then().statusCode(200)
                .body("sku", equalTo(sku))
                .body("stock", equalTo(PRODUCT_STOCK));
    }

    @Test
    @Order(3)
    void ordersNeedAToken() {
        given().baseUri(gateway)
                .get("/api/orders")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    @Order(4)
    void anOrderGetsItsInvoiceAndExactlyOneConfirmationEmail() throws Exception {
        String token = tokens.customer(CUSTOMER);
        String orderId = given().baseUri(gateway)
                .auth().oauth2(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON)
                .body(Map.of("lines", List.of(Map.of("productId", productId, "quantity", ORDERED_QUANTITY)),
                        "email", CUSTOMER_EMAIL,
                        "shippingAddress", Map.of("name", "Erika Mustermann", "line1", "Hauptstr. 1",
                                "postalCode", "10115", "city", "Berlin", "country", "DE")))
                .post("/api/orders")
                .then().statusCode(201)
                .header("Location", startsWith("/api/orders/"))
                .extract().path("id");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> given()
                .baseUri(gateway).auth().oauth2(token)
                .get("/api/orders/" + orderId)
                .then().statusCode(200)
                .body("jobs.invoice.status", equalTo("READY")));

        byte[] pdf = given().baseUri(gateway).auth().oauth2(token)
                .get("/api/orders/" + orderId + "/invoice")
                .then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains(orderId), "invoice names the order");
            assertTrue(text.contains("49.00"), "invoice shows the line total of 2 × " + PRODUCT_PRICE);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .baseUri(gateway).auth().oauth2(token)
                .get("/api/orders/" + orderId)
                .then().body("jobs.email.status", equalTo("SENT")));
        MimeMessage[] mails = smtp.getReceivedMessagesForDomain("example.com");
        List<MimeMessage> ours = new ArrayList<>();
        for (MimeMessage mail : mails) {
            if (mail.getAllRecipients()[0].toString().equals(CUSTOMER_EMAIL)) {
                ours.add(mail);
            }
        }
        assertEquals(1, ours.size(), "exactly one confirmation email");
        MimeMultipart body = (MimeMultipart) ours.get(0).getContent();
        boolean hasPdf = false;
        for (int i = 0; i < body.getCount(); i++) {
            hasPdf |= body.getBodyPart(i).getContentType().toLowerCase().contains("application/pdf");
        }
        assertTrue(hasPdf, "the invoice is attached");
    }

    @Test
    @Order(5)
    void withTheCatalogStoppedTheGatewayAnswers503ProblemJson() throws InterruptedException {
        byName.get("catalog").stop();

        given().baseUri(gateway)
                .get("/api/catalog/products/" + productId)
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(503));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
