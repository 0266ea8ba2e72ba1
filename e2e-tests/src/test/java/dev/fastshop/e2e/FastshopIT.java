package dev.fastshop.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

import com.icegreen.greenmail.util.GreenMail;

import io.restassured.http.ContentType;

/** The main journeys through the gateway, on the {@link Stack} of the four built jars. */
@ExtendWith(Stack.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastshopIT {

    private static final String CUSTOMER = "e2e-" + UUID.randomUUID();
    private static final String CUSTOMER_EMAIL = "buyer-" + UUID.randomUUID() + "@example.com";
    private static final String PRODUCT_PRICE = "24.50";
    private static final int PRODUCT_STOCK = 5;
    private static final int ORDERED_QUANTITY = 2;

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

    @Test
    @Order(7)
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
