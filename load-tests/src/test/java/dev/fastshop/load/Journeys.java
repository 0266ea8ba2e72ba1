package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.Session;

/** The request chains the simulations combine: what a shopper, a buyer and an admin do. */
public final class Journeys {

    /**
     * Group names. The HTML report shows their wall-clock duration (gatling.conf's {@code useGroupDurationMetric});
     * Gatling's assertions would only see cumulated response times, so the bounds are enforced by checks instead.
     */
    public static final String GROUP_INVOICE_READY = "order placed → invoice ready";
    public static final String GROUP_PRICE_VISIBLE = "price change → visible to readers";

    private static final Duration INVOICE_POLL_INTERVAL = Duration.ofMillis(100);
    /** A still pending invoice after this is a failure: the download then answers 409. */
    private static final Duration INVOICE_READY_BOUND = Duration
            .ofMillis(LoadConfig.number("slo.invoiceReadyMs", 10_000));
    private static final Duration VISIBILITY_POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration VISIBILITY_BOUND = Duration.ofSeconds(1);

    private final List<Long> productIds;
    private final FeederBuilder<String> searchTerms = csv("search-terms.csv").random();
    private final FeederBuilder<String> categories = csv("categories.csv").random();

    public Journeys(List<Long> productIds) {
        this.productIds = productIds;
    }

    /** One storefront visit, weighted like real traffic: mostly search and product pages. */
    public ChainBuilder browse() {
        return randomSwitch().on(
                percent(10.0).then(home()),
                percent(25.0).then(listCategory()),
                percent(40.0).then(search()),
                percent(25.0).then(productDetail()));
    }

    public ChainBuilder home() {
        return exec(http("storefront home").get("/api/storefront/home").check(status().is(200)));
    }

    /** A category page sorted by price, and half of the time its second (keyset) page. */
    public ChainBuilder listCategory() {
        return feed(categories)
                .exec(http("list category").get("/api/catalog/products")
                        .queryParam("category", "#{category}").queryParam("sort", "price").queryParam("limit", "20")
                        .check(status().is(200), jsonPath("$.nextCursor").optional().saveAs("nextCursor")))
                .doIf(session -> session.getString("nextCursor") != null && ThreadLocalRandom.current().nextBoolean())
                .then(
                        exec(http("list category, next page").get("/api/catalog/products")
                                .queryParam("category", "#{category}").queryParam("sort", "price")
                                .queryParam("limit", "20").queryParam("cursor", "#{nextCursor}")
                                .check(status().is(200))));
    }

    public ChainBuilder search() {
        return feed(searchTerms).exec(http("search").get("/api/catalog/products").queryParam("q", "#{term}")
                .queryParam("limit", "20").check(status().is(200), jsonPath("$.items").exists()));
    }

    public ChainBuilder productDetail() {
        return exec(feedProduct()).exec(http("product detail").get("/api/catalog/products/#{productId}")
                .check(status().is(200), jsonPath("$.id").exists()));
    }

    /**
     * A buyer: finds something in stock (a few units left, so a concurrent buyer rarely takes the last one), orders it with an idempotency key, waits for the invoice (the worker renders
     * it asynchronously) and downloads the PDF. Needs a customer token in the session ({@code token}). An invoice not
     * ready within {@code -Dslo.invoiceReadyMs} (default 10 s) fails the download.
     */
    public ChainBuilder checkout() {
        return feed(searchTerms)
                .exec(http("search in stock").get("/api/catalog/products").queryParam("q", "#{term}")
                        .queryParam("inStock", "true").queryParam("limit", "20")
                        .check(status().is(200),
                                jsonPath("$.items[?(@.stock >= 5)].id").findRandom().saveAs("productId")))
                .exec(session -> session.set("idempotencyKey", UUID.randomUUID().toString()).remove("invoiceStatus"))
                .group(GROUP_INVOICE_READY).on(
                        exec(http("place order").post("/api/orders")
                                .header("Authorization", "Bearer #{token}")
                                .header("Idempotency-Key", "#{idempotencyKey}")
                                .header("Content-Type", "application/json")
                                .body(StringBody("""
                                        {"lines":[{"productId":#{productId},"quantity":1}],
                                         "email":"#{user}@load.fastshop.dev",
                                         "shippingAddress":{"name":"Load Test","line1":"1 Benchmark Way",
                                          "postalCode":"10115","city":"Berlin","country":"DE"}}"""))
                                .check(status().is(201), jsonPath("$.id").saveAs("orderId")))
                                .exitHereIfFailed()
                                .asLongAsDuring(Journeys::invoicePending, INVOICE_READY_BOUND).on(
                                        pause(INVOICE_POLL_INTERVAL)
                                                .exec(http("order status (poll)").get("/api/orders/#{orderId}")
                                                        .header("Authorization", "Bearer #{token}")
                                                        .check(status().is(200), jsonPath("$.jobs.invoice.status")
                                                                .saveAs("invoiceStatus")))))
                .exec(http("download invoice").get("/api/orders/#{orderId}/invoice")
                        .header("Authorization", "Bearer #{token}").header("Accept", "application/pdf")
                        .check(status().is(200), header("Content-Type").is("application/pdf"),
                                bodyBytes().transform(bytes -> bytes.length > 0).is(true)));
    }

    /**
     * An admin changes a price; readers must see the new price within one second (write-through cache plus the
     * product.changed event). The last read fails the run when the change is still invisible after the bound.
     */
    public ChainBuilder changePriceAndWatch(String adminToken) {
        return exec(feedProduct())
                .exec(http("read price").get("/api/catalog/products/#{productId}")
                        .check(status().is(200), jsonPath("$.price.amount").ofDouble().saveAs("oldPrice")))
                .exec(session -> session.set("newPrice", nextPrice(session.getDouble("oldPrice")))
                        .set("visible", false))
                .group(GROUP_PRICE_VISIBLE).on(
                        exec(http("change price").patch("/api/catalog/products/#{productId}")
                                .header("Authorization", "Bearer " + adminToken)
                                .header("Content-Type", "application/json")
                                .body(StringBody("{\"price\":{\"amount\":#{newPrice},\"currency\":\"EUR\"}}"))
                                .check(status().in(200, 204)))
                                .exitHereIfFailed()
                                .asLongAsDuring(session -> !session.getBoolean("visible"), VISIBILITY_BOUND).on(
                                        exec(http("reader sees price (poll)").get("/api/catalog/products/#{productId}")
                                                .check(status().is(200), jsonPath("$.price.amount").ofDouble()
                                                        .saveAs("seenPrice")))
                                                .exec(session -> session.set("visible",
                                                        priceEquals(session.getDouble("seenPrice"),
                                                                session.getDouble("newPrice"))))
                                                .doIf(session -> !session.getBoolean("visible"))
                                                .then(pause(VISIBILITY_POLL_INTERVAL))))
                .doIf(session -> !session.getBoolean("visible")).then(
                        exec(http("price visible within 1 s").get("/api/catalog/products/#{productId}")
                                .check(jsonPath("$.price.amount").ofDouble()
                                        .is(session -> session.getDouble("newPrice")))));
    }

    /** A product that exists, picked at random from the sample read before the run. */
    private ChainBuilder feedProduct() {
        return exec(session -> session.set("productId",
                productIds.get(ThreadLocalRandom.current().nextInt(productIds.size()))));
    }

    private static boolean invoicePending(Session session) {
        String status = session.contains("invoiceStatus") ? session.getString("invoiceStatus") : "PENDING";
        return "PENDING".equals(status);
    }

    /** Alternates cents so repeated runs never drift prices far from the seed. */
    private static double nextPrice(double oldPrice) {
        double cents = Math.round(oldPrice * 100);
        return (cents % 2 == 0 ? cents + 1 : cents - 1) / 100.0;
    }

    private static boolean priceEquals(double a, double b) {
        return Math.abs(a - b) < 0.005;
    }
}
