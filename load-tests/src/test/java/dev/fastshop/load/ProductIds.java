package dev.fastshop.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ids of products that exist, read once before the load starts by walking the catalog's keyset pages through the
 * gateway: product-detail requests then hit real rows (a 404 would count as an error) whatever ids the seed produced.
 */
public final class ProductIds {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    private static final int PAGE_SIZE = 100;

    private ProductIds() {
    }

    /** Up to {@code max} existing ids (default {@code -DproductSample=2000}). */
    public static List<Long> sample(int max) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            String url = LoadConfig.BASE_URL + "/api/catalog/products?fields=id&limit=" + PAGE_SIZE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            String body = get(client, url);
            Matcher id = ID.matcher(body);
            while (id.find() && ids.size() < max) {
                ids.add(Long.parseLong(id.group(1)));
            }
            Matcher next = NEXT_CURSOR.matcher(body);
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null && ids.size() < max);
        if (ids.isEmpty()) {
            throw new IllegalStateException("the catalog at " + LoadConfig.BASE_URL + " lists no products: seed it "
                    + "first (./fastshop up seeds demo data; ./fastshop seed --products N)");
        }
        return ids;
    }

    /** An endless feeder of {@code productId} picked at random from the sample. */
    public static Iterator<Map<String, Object>> randomFeeder(List<Long> ids) {
        return Stream.generate(
                () -> Map.<String, Object>of("productId", ids.get(ThreadLocalRandom.current().nextInt(ids.size()))))
                .iterator();
    }

    private static String get(HttpClient client, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + url + " (is the stack up? ./fastshop up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading product ids", e);
        }
    }
}
