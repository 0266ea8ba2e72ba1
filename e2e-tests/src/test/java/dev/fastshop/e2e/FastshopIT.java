package dev.fastshop.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The main journeys through the gateway, on the {@link Stack} of the four built jars. */
@ExtendWith(Stack.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastshopIT {

    private static final String CUSTOMER = "e2e-" + UUID.randomUUID();
    private static final String CUSTOMER_EMAIL = "buyer-" + UUID.randomUUID() + "@example.com";
    private static final String PRODUCT_PRICE = "24.50";
    private static final int PRODUCT_STOCK = 5;
    private static final int ORDERED_QUANTITY = 2;
    private static final int AUDIT_ORDERS = 10;
    private static final int AUDIT_STOCK = 100;

    private static Stack stack;
    private static List<ServiceProcess> services;
    private static Map<String, ServiceProcess> byName;
    private static GreenMail smtp;
    private static TestTokens tokens;
    private static String gateway;
    private static long productId;

    @BeforeAll
    static void useTheStack() {
        stack = Stack.get();
        services = stack.services;
        byName = stack.byName;
        smtp = stack.smtp;
        tokens = stack.tokens;
        gateway = stack.gateway;
    }

    @Test
    @Order(1)
    void allFourServicesAreReady() {
        for (ServiceProcess service : services) {
            assertTrue(service.isReady(), service.name + " is not ready");
        }
    }

    @Test
    @Order(3)
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
    @Order(2)
    void managementEndpointsAreOnlyOnTheManagementPorts() {
        given().baseUri(gateway).get("/api/catalog/q/metrics")
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().baseUri(gateway).get("/q/health/ready")
                .then().statusCode(404);
        for (ServiceProcess service : services) {
            given().baseUri(service.baseUrl()).get("/q/metrics").then().statusCode(404);
            given().baseUri(service.managementUrl()).get("/q/metrics").then().statusCode(200);
        }
    }

    @Test
    @Order(4)
    void onlyTheOrderServiceMayReserveStock() {
        given().baseUri(byName.get("catalog").baseUrl())
                .auth().oauth2(tokens.customer(CUSTOMER))
                .contentType(ContentType.JSON)
                .body(Map.of("orderId", UUID.randomUUID().toString(),
                        "lines", List.of(Map.of("productId", productId, "quantity", PRODUCT_STOCK))))
                .post("/inventory/reservations")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().baseUri(gateway)
                .get("/api/catalog/products/" + productId)
                .then().statusCode(200)
                .body("stock", equalTo(PRODUCT_STOCK));
    }

    @Test
    @Order(5)
    void ordersNeedAToken() {
        given().baseUri(gateway)
                .get("/api/orders")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    @Order(6)
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
        // The link in the body works for the caller: a gateway path through the gateway.
        String invoice = given().baseUri(gateway).auth().oauth2(token)
                .get("/api/orders/" + orderId)
                .then().extract().path("jobs.invoice.href");
        assertEquals("/api/orders/" + orderId + "/invoice", invoice);

        byte[] pdf = given().baseUri(gateway).auth().oauth2(token)
                .get(invoice)
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

    /**
     * A stream of orders from three customers through the gateway, audited by the very script that audits every
     * {@code ./fastshop chaos} scenario ({@code scripts/chaos/audit.py}: lost, unfinished, duplicated, orders for
     * rejected requests, orphan reservations, stock balance, improper errors), so the end-to-end tests and the fault
     * suite share one definition of each. The mail comes from this stack's GreenMail instead of its API.
     */
    @Test
    @Order(7)
    void aStreamOfOrdersPassesTheChaosSuitesAudit() throws Exception {
        Path chaos = Path.of("..", "scripts", "chaos").toAbsolutePath().normalize();
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-audit");
        String run = "e2e" + System.currentTimeMillis();
        String since = String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0);
        long product = given().baseUri(gateway).auth().oauth2(tokens.admin("e2e-admin")).contentType(ContentType.JSON)
                .body(Map.of("sku", "E2E-AUDIT-" + UUID.randomUUID(), "name", "Audited Lamp", "brand", "Lumen",
                        "description", "Ordered by the audited stream", "category", "home",
                        "price", Map.of("amount", PRODUCT_PRICE, "currency", "EUR"), "stock", AUDIT_STOCK))
                .post("/api/catalog/products").then().statusCode(201).extract().<Number>path("id").longValue();
        Files.writeString(work.resolve("stock"), product + " " + AUDIT_STOCK + "\n");
        StringBuilder customers = new StringBuilder();
        for (String customer : List.of("audit-ada", "audit-bob", "audit-cy")) {
            customers.append(customer).append(' ').append(tokens.customer(customer)).append('\n');
        }
        Files.writeString(work.resolve("tokens"), customers);

        Script stream = Script.run(work, List.of("python3", chaos.resolve("stream.py").toString(), "--run", run,
                "--gateways", gateway, "--tokens", work.resolve("tokens").toString(), "--products",
                Long.toString(product), "--orders", Integer.toString(AUDIT_ORDERS), "--rate", "5", "--out",
                work.resolve("stream.jsonl").toString()), Map.of());
        assertEquals(0, stream.exitCode(), stream.output());
        String domain = "chaos.fastshop.dev";
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> smtp.getReceivedMessagesForDomain(domain).length >= AUDIT_ORDERS);
        Map<String, List<String>> received = new HashMap<>();
        for (MimeMessage mail : smtp.getReceivedMessagesForDomain(domain)) {
            received.computeIfAbsent(mail.getAllRecipients()[0].toString(), to -> new ArrayList<>())
                    .add(mail.getMessageID());
        }
        Files.writeString(work.resolve("mail.json"), new ObjectMapper().writeValueAsString(received));

        Script audit = Script.run(work, List.of("python3", chaos.resolve("audit.py").toString(), "--run", run,
                "--stream", work.resolve("stream.jsonl").toString(), "--stock", work.resolve("stock").toString(),
                "--since", since, "--mail-file", work.resolve("mail.json").toString()),
                Map.of("CHAOS_PG_HOST", System.getenv("FASTSHOP_PG_HOST"),
                        "CHAOS_PG_PORT", System.getenv("FASTSHOP_PG_PORT"),
                        "CHAOS_ORDERS_DB", "orders_e2e", "CHAOS_CATALOG_DB", "catalog_e2e"));
        assertEquals(0, audit.exitCode(), audit.output());
        JsonPath summary = JsonPath.from(audit.output());
        assertEquals(AUDIT_ORDERS, summary.getInt("accepted"), audit.output());
        for (String figure : List.of("lost", "unfinished", "duplicated", "redelivered", "for_rejected", "orphans",
                "imbalanced", "improper_errors")) {
            assertEquals(0, summary.getInt(figure), figure + ": " + audit.output());
        }
    }

    /** A script's exit code and what it printed (stdout and stderr). */
    private record Script(int exitCode, String output) {

        static Script run(Path directory, List<String> command, Map<String, String> env) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Script(process.waitFor(), output.strip());
        }
    }

    @Test
    @Order(8)
    void withTheCatalogStoppedTheGatewayAnswers503ProblemJson() throws Exception {
        byName.get("catalog").stop();
        try {
            given().baseUri(gateway)
                    .get("/api/catalog/products/" + productId)
                    .then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(503));
        } finally {
            stack.restart("catalog");
        }
    }
}
