package dev.fastshop.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Walks every operation of the catalog's and the order service's OpenAPI documents and sends each one hostile
 * input, straight to the service and through the gateway: malformed JSON, wrong types, fractions and overflows for
 * integers, control characters, huge strings and arrays, bad ids and cursors, a wrong Content-Type, plus what only
 * the gateway's edge sees (oversized URLs, headers and bodies, a foreign CORS origin). Every answer must be a 4xx
 * problem+json that names no class and shows no trace, and nothing may change in the databases.
 */
@ExtendWith(Stack.Extension.class)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** What a leaked exception looks like: a class name or a stack frame. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[a-z]|java\\.|jakarta\\.|dev\\.fastshop|io\\.quarkus|io\\.vertx|com\\.fasterxml|org\\.");
    private static final String HUGE_TEXT = "x".repeat(100_000);
    private static final int HUGE_ARRAY = 10_001;

    private static Stack stack;
    private static String adminToken;
    private static String serviceToken;
    private final List<String> failures = new ArrayList<>();
    private int requests;

    @BeforeAll
    static void useTheStack() {
        stack = Stack.get();
        adminToken = stack.tokens.admin("fuzz-admin");
        serviceToken = stack.tokens.orderService();
    }

    @Test
    void everyOperationRefusesHostileInputWithProblemJsonAndChangesNothing() throws Exception {
        Map<String, Long> before = databaseState();
        probeService("catalog", "/api/catalog");
        probeService("order", "/api");
        probeTheGatewaysEdge();
        for (String service : List.of("catalog", "order", "worker", "gateway")) {
            probeMalformedRequests(stack.service(service).baseUrl());
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests + " hostile requests were not refused "
                + "properly:\n" + String.join("\n", failures));
        assertTrue(requests > 300, "the walk covered only " + requests + " requests");
        assertEquals(before, databaseState(), "hostile input changed state");
    }

    private void probeService(String service, String gatewayPrefix) throws Exception {
        ServiceProcess process = stack.service(service);
        JsonNode api = JSON.readTree(send(HttpRequest.newBuilder(
                URI.create(process.managementUrl() + "/q/openapi?format=json")).GET().build()).body());
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations
                    .hasNext();) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                for (Probe probe : probes(api, path.getKey(), method, operation.getValue())) {
                    check(probe, process.baseUrl() + probe.target());
                    check(probe, stack.gateway + gatewayPrefix + probe.target());
                }
            }
        }
    }

    /** Hostile variants of one operation: its path parameters, its query parameters and its JSON body. */
    private List<Probe> probes(JsonNode api, String template, String method, JsonNode operation) {
        Map<String, JsonNode> pathParameters = new LinkedHashMap<>();
        Map<String, JsonNode> queryParameters = new LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode schema = resolve(api, parameter.path("schema"));
            if ("path".equals(parameter.path("in").asText())) {
                pathParameters.put(parameter.path("name").asText(), schema);
            } else if ("query".equals(parameter.path("in").asText())) {
                queryParameters.put(parameter.path("name").asText(), schema);
            }
        }
        String validPath = fill(template, pathParameters, null, null);
        String bodyType = operation.path("requestBody").path("content").fieldNames().hasNext()
                ? operation.path("requestBody").path("content").fieldNames().next()
                : null;
        JsonNode bodySchema = bodyType == null
                ? null
                : resolve(api, operation.path("requestBody").path("content").path(bodyType).path("schema"));
        String validBody = bodySchema == null ? null : baseline(api, bodySchema, 0).toString();

        List<Probe> probes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> parameter : pathParameters.entrySet()) {
            for (String value : hostileValues(parameter.getValue(), true)) {
                probes.add(new Probe(method, fill(template, pathParameters, parameter.getKey(), value), bodyType,
                        validBody, "path " + parameter.getKey() + "=" + shorten(value), false));
            }
        }
        for (Map.Entry<String, JsonNode> parameter : queryParameters.entrySet()) {
            for (String value : hostileValues(parameter.getValue(), false)) {
                probes.add(new Probe(method, validPath + "?" + parameter.getKey() + "=" + value, bodyType, validBody,
                        "query " + parameter.getKey() + "=" + shorten(value), false));
            }
        }
        if (bodySchema != null) {
            for (String body : List.of("{", "[]", "\"text\"", "{\"a\":1,}", "{\"a\":\"\\u0000\"}")) {
                probes.add(new Probe(method, validPath, bodyType, body, "body " + body, false));
            }
            if (bodySchema.path("properties").isObject()) {
                ObjectNode valid = (ObjectNode) JSON.valueToTree(JSON.convertValue(baseline(api, bodySchema, 0),
                        Map.class));
                mutations(api, bodySchema, valid, valid, "", probes, method, validPath, bodyType);
            }
            probes.add(new Probe(method, validPath, "text/plain", validBody, "Content-Type text/plain", false));
        }
        return probes;
    }

    /** One field at a time made hostile in an otherwise plausible body; nested objects and array items too. */
    private void mutations(JsonNode api, JsonNode schema, ObjectNode root, ObjectNode target, String prefix,
            List<Probe> probes, String method, String path, String bodyType) {
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties
                .hasNext();) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode propertySchema = resolve(api, property.getValue());
            JsonNode original = target.get(name);
            for (JsonNode hostile : hostileJson(api, propertySchema)) {
                target.set(name, hostile);
                probes.add(new Probe(method, path, bodyType, root.toString(),
                        "field " + prefix + name + "=" + shorten(hostile.toString()), isInt32Bound(hostile)));
            }
            target.set(name, original);
            if (propertySchema.path("properties").isObject() && original instanceof ObjectNode nested) {
                mutations(api, propertySchema, root, nested, prefix + name + ".", probes, method, path, bodyType);
            }
            JsonNode items = resolve(api, propertySchema.path("items"));
            if (items.path("properties").isObject() && original instanceof ArrayNode array && !array.isEmpty()
                    && array.get(0) instanceof ObjectNode item) {
                mutations(api, items, root, item, prefix + name + "[0].", probes, method, path, bodyType);
            }
        }
    }

    private List<JsonNode> hostileJson(JsonNode api, JsonNode schema) {
        String type = schema.path("type").asText();
        List<JsonNode> values = new ArrayList<>();
        switch (type) {
            case "integer" -> {
                values.add(NODES.numberNode(1.5));
                values.add(NODES.textNode("1"));
                values.add(NODES.booleanNode(true));
                values.add(NODES.numberNode(new java.math.BigInteger("99999999999999999999")));
                values.add(NODES.numberNode(Integer.MAX_VALUE));
                values.add(NODES.numberNode(Integer.MIN_VALUE));
            }
            case "number" -> {
                values.add(NODES.textNode("x"));
                values.add(NODES.numberNode(new java.math.BigDecimal("1e400")));
                values.add(NODES.numberNode(new java.math.BigDecimal("-99999999999999999999.999")));
            }
            case "string" -> {
                values.add(NODES.textNode("a\u0000b"));
                values.add(NODES.textNode("\u0001"));
                values.add(NODES.textNode(HUGE_TEXT));
                values.add(NODES.numberNode(123));
            }
            case "array" -> {
                values.add(NODES.textNode("x"));
                ArrayNode huge = NODES.arrayNode();
                JsonNode item = baseline(api, resolve(api, schema.path("items")), 1);
                for (int i = 0; i < HUGE_ARRAY; i++) {
                    huge.add(item);
                }
                values.add(huge);
                values.add(NODES.arrayNode().add(NODES.textNode("a\u0000b")));
            }
            case "object" -> {
                values.add(NODES.textNode("x"));
                values.add(NODES.objectNode().put("a\u0000b", "x"));
                values.add(NODES.objectNode().set("nested", NODES.arrayNode().add("\u0000")));
            }
            case "boolean" -> values.add(NODES.textNode("yes"));
            default -> values.add(NODES.textNode("a\u0000b"));
        }
        return values;
    }

    private static List<String> hostileValues(JsonNode schema, boolean inPath) {
        List<String> values = new ArrayList<>(List.of("%00", "a%00b", "%01", "%7F"));
        if ("integer".equals(schema.path("type").asText())) {
            values.addAll(List.of("1.5", "99999999999999999999", "-1", "1e3"));
        } else if ("uuid".equals(schema.path("format").asText())) {
            values.addAll(List.of("not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g"));
        } else if (!inPath) {
            values.add("x".repeat(5_000));
        }
        if (inPath) {
            values.add("%7Bid%7D");
        } else if ("integer".equals(schema.path("type").asText())) {
            values.add("2147483648");
        }
        return values;
    }

    /** A plausible value for a schema, so that only the one field under test is wrong. */
    private JsonNode baseline(JsonNode api, JsonNode schema, int depth) {
        schema = resolve(api, schema);
        if (schema.has("example")) {
            return schema.get("example");
        }
        return switch (schema.path("type").asText()) {
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> depth > 3
                    ? NODES.arrayNode()
                    : NODES.arrayNode().add(baseline(api, schema.path("items"), depth + 1));
            case "string" -> NODES.textNode("uuid".equals(schema.path("format").asText())
                    ? UUID.randomUUID().toString()
                    : "valid");
            default -> {
                ObjectNode object = NODES.objectNode();
                if (depth <= 3) {
                    schema.path("properties").fields().forEachRemaining(
                            property -> object.set(property.getKey(), baseline(api, property.getValue(), depth + 1)));
                }
                yield object;
            }
        };
    }

    private static JsonNode resolve(JsonNode api, JsonNode schema) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asText();
            resolved = api.at(ref.substring(1));
        }
        if (resolved.has("allOf") && resolved.get("allOf").size() == 1) {
            return resolve(api, resolved.get("allOf").get(0));
        }
        return resolved;
    }

    private static String fill(String template, Map<String, JsonNode> parameters, String hostileName,
            String hostileValue) {
        Matcher matcher = PATH_PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            JsonNode schema = parameters.getOrDefault(name, NODES.objectNode());
            String value = name.equals(hostileName)
                    ? hostileValue
                    : "integer".equals(schema.path("type").asText()) ? "1" : UUID.randomUUID().toString();
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    /** What only the gateway's edge decides: limits and origins, answered before anything is proxied. */
    private void probeTheGatewaysEdge() throws Exception {
        String products = stack.gateway + "/api/catalog/products";
        checkResponse("URL of 9 KB", send(HttpRequest.newBuilder(URI.create(products + "?q=" + "a".repeat(9_000)))
                .GET().build()));
        checkResponse("header of 20 KB", send(HttpRequest.newBuilder(URI.create(products))
                .header("X-Big", "a".repeat(20_000)).GET().build()));
        checkResponse("foreign origin", send(HttpRequest.newBuilder(URI.create(products))
                .header("Origin", "https://evil.example").GET().build()));
        checkResponse("body of 7 MB", send(HttpRequest.newBuilder(URI.create(products))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + "1,".repeat(3_500_000) + "1]")).build()));
    }

    /**
     * Requests no HTTP client sends, over a raw socket: request targets that are not valid URIs (each service and the
     * gateway answer 400 problem+json from service-commons' RequestTargetCheck, not Quarkus' empty 400), and messages
     * the HTTP decoder itself refuses before any route runs (service-commons' MalformedRequestProblems, not Vert.x'
     * bodiless answer).
     */
    private void probeMalformedRequests(String baseUrl) throws IOException {
        URI base = URI.create(baseUrl);
        List<RawRequest> raw = new ArrayList<>();
        for (String target : List.of("/?q=%", "/?q=%zz", "/%zz", "/{id}", "/a\\b", "/?q=a\"b", "/a\u0001b")) {
            raw.add(new RawRequest("the raw target " + target, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n",
                    400));
        }
        raw.add(new RawRequest("Transfer-Encoding with Content-Length", "POST / HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400));
        raw.add(new RawRequest("a header line without a colon", "GET / HTTP/1.1\r\nHost: localhost\r\nNoColon\r\n",
                400));
        raw.add(new RawRequest("a request line of 70 KB",
                "GET /?q=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\n", 414));
        raw.add(new RawRequest("headers of 70 KB",
                "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\n", 431));
        for (RawRequest request : raw) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write((request.head() + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                requests++;
                String head = response.toLowerCase(Locale.ROOT);
                if (!head.matches("(?s)http/1\\.[01] " + request.status() + " .*")
                        || !head.contains("content-type: application/problem+json")
                        || !head.contains("x-request-id: ")) {
                    failures.add(shorten(response) + " for " + request.what() + " at " + baseUrl);
                }
            }
        }
    }

    private record RawRequest(String what, String head, int status) {
    }

    private void check(Probe probe, String url) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(url))
                .header("Idempotency-Key", UUID.randomUUID().toString());
        if (probe.body() != null) {
            request.header("Content-Type", probe.contentType());
        }
        request.method(probe.method(), probe.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(probe.body()));
        checkResponse(probe.method() + " " + url.replaceFirst("\\?.*", "") + " [" + probe.what() + "]",
                send(request.build()), probe.mayBeValid());
    }

    /** Reservations are the order service's; everything else is tried with an admin, who may call the rest. */
    private static String token(String url) {
        return url.contains("/inventory/") ? serviceToken : adminToken;
    }

    private void checkResponse(String what, HttpResponse<String> response) {
        checkResponse(what, response, false);
    }

    private void checkResponse(String what, HttpResponse<String> response, boolean mayBeValid) {
        requests++;
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body();
        if (mayBeValid && status < 400) {
            return;
        }
        if (status < 400 || status > 499) {
            failures.add(status + " for " + what);
        } else if (!type.startsWith("application/problem+json")) {
            failures.add(status + " without problem+json (" + type + ") for " + what);
        } else if (LEAK.matcher(body).find()) {
            failures.add(status + " leaking internals for " + what + ": " + body);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Row counts and stock totals of both databases: anything a hostile request could have written. */
    private static Map<String, Long> databaseState() throws SQLException {
        Map<String, Long> state = new LinkedHashMap<>();
        read(state, "catalog_e2e", "catalog", System.getenv("CATALOG_DB_PASSWORD"),
                "select 'products', count(*) from products", "select 'stock', coalesce(sum(stock), 0) from products",
                "select 'versions', coalesce(sum(version), 0) from products",
                "select 'reservations', count(*) from reservations");
        read(state, "orders_e2e", "orders", System.getenv("ORDER_DB_PASSWORD"),
                "select 'orders', count(*) from orders", "select 'order_items', count(*) from order_items",
                "select 'idempotency_keys', count(*) from idempotency_keys");
        return state;
    }

    private static void read(Map<String, Long> state, String database, String user, String password,
            String... queries) throws SQLException {
        String url = "jdbc:postgresql://" + System.getenv("FASTSHOP_PG_HOST") + ":" + System.getenv("FASTSHOP_PG_PORT")
                + "/" + database;
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            for (String query : queries) {
                try (ResultSet row = statement.executeQuery(query)) {
                    row.next();
                    state.put(database + "." + row.getString(1), row.getLong(2));
                }
            }
        }
    }

    /** {@code mayBeValid}: a value some fields accept (an id of 2147483647): any answer but a 5xx or a leak. */
    private record Probe(String method, String target, String contentType, String body, String what,
            boolean mayBeValid) {
    }

    private static boolean isInt32Bound(JsonNode value) {
        return value.isInt() && (value.intValue() == Integer.MAX_VALUE || value.intValue() == Integer.MIN_VALUE);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
