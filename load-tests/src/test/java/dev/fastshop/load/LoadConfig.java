package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Everything a simulation may be told from the outside: {@code -Dname=value} (or the environment variable in
 * brackets), with defaults that suit the local stack of {@code ./fastshop up} on a 2-core machine.
 *
 * <ul>
 * <li>{@code baseUrl} [{@code FASTSHOP_BASE_URL}] — the gateway, default {@code http://127.0.0.1:8080}</li>
 * <li>{@code rate} — arrivals per second of the simulation's main journey</li>
 * <li>{@code duration} — seconds of steady load; {@code rampSeconds} — warm-up ramp before it</li>
 * <li>{@code tokensFile} [{@code FASTSHOP_TOKENS_FILE}] — CSV {@code user,token} of customer JWTs minted by
 * {@code ./fastshop load}; {@code adminToken} [{@code FASTSHOP_ADMIN_TOKEN}] — an admin JWT</li>
 * <li>{@code slo.p95Ms}, {@code slo.p99Ms}, {@code slo.maxFailedPct} — the assertions (SLO gates)</li>
 * </ul>
 */
public final class LoadConfig {

    public static final String BASE_URL = text("baseUrl", "FASTSHOP_BASE_URL", "http://127.0.0.1:8080");

    /** Service level objectives: a run that misses one fails (non-zero exit of {@code ./fastshop load}). */
    public static final int SLO_P95_MS = number("slo.p95Ms", 200);
    public static final int SLO_P99_MS = number("slo.p99Ms", 500);
    public static final double SLO_MAX_FAILED_PCT = decimal("slo.maxFailedPct", 0.1);

    private LoadConfig() {
    }

    /** The gateway protocol every journey shares. */
    public static HttpProtocolBuilder httpProtocol() {
        return http.baseUrl(BASE_URL)
                .acceptHeader("application/json")
                .acceptEncodingHeader("br, gzip")
                .userAgentHeader("fastshop-gatling")
                // Shoppers come from many addresses behind a load balancer: the gateway trusts X-Forwarded-For
                // from 127.0.0.1 and rate-limits anonymous traffic per client address, as it would in production.
                .header("X-Forwarded-For", session -> clientAddress())
                // Every request must reach the server: Gatling would otherwise honour Cache-Control max-age.
                .disableCaching()
                // The default warm-up calls an address on the internet; load tests only ever talk to the stack.
                .warmUp(BASE_URL + "/api/storefront/home")
                .shareConnections();
    }

    /** The SLO gates as Gatling assertions. */
    public static List<Assertion> sloAssertions() {
        return List.of(
                global().responseTime().percentile(95.0).lt(SLO_P95_MS),
                global().responseTime().percentile(99.0).lt(SLO_P99_MS),
                global().failedRequests().percent().lt(SLO_MAX_FAILED_PCT));
    }

    /** A client address from the documentation ranges of RFC 5737: 762 distinct shoppers, none of them routable. */
    static String clientAddress() {
        String[] networks = {"192.0.2.", "198.51.100.", "203.0.113."};
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return networks[random.nextInt(networks.length)] + (1 + random.nextInt(254));
    }

    public static double rate(double defaultRate) {
        return decimal("rate", defaultRate);
    }

    public static Duration duration(int defaultSeconds) {
        return Duration.ofSeconds(number("duration", defaultSeconds));
    }

    public static Duration ramp(int defaultSeconds) {
        return Duration.ofSeconds(number("rampSeconds", defaultSeconds));
    }

    /** Customer tokens, one feeder record per user: {@code {user, token}}. */
    public static List<Map<String, Object>> customerTokens() {
        String file = text("tokensFile", "FASTSHOP_TOKENS_FILE", "");
        if (file.isBlank()) {
            throw new IllegalStateException("no customer tokens: run through ./fastshop load, or pass "
                    + "-DtokensFile=FILE with lines 'user,token' minted by ./fastshop token USER");
        }
        try {
            List<Map<String, Object>> records = Files.readAllLines(Path.of(file)).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("user,"))
                    .map(line -> line.split(",", 2))
                    .map(parts -> Map.<String, Object>of("user", parts[0].trim(), "token", parts[1].trim()))
                    .collect(Collectors.toList());
            if (records.isEmpty()) {
                throw new IllegalStateException("no tokens in " + file);
            }
            return records;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the tokens file " + file, e);
        }
    }

    public static String adminToken() {
        String token = text("adminToken", "FASTSHOP_ADMIN_TOKEN", "");
        if (token.isBlank()) {
            throw new IllegalStateException("no admin token: run through ./fastshop load, or pass "
                    + "-DadminToken=$(./fastshop token admin --admin)");
        }
        return token;
    }

    public static String text(String property, String envVariable, String defaultValue) {
        String value = System.getProperty(property);
        if (value == null && envVariable != null) {
            value = System.getenv(envVariable);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public static int number(String property, int defaultValue) {
        return Integer.parseInt(text(property, null, Integer.toString(defaultValue)));
    }

    public static double decimal(String property, double defaultValue) {
        return Double.parseDouble(text(property, null, Double.toString(defaultValue)));
    }
}
