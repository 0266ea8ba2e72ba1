package dev.fastshop.catalog;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * D9, straight to a service: a request target that is not a valid URI is a 400 problem+json on the public and the
 * management port (service-commons' RequestTargetCheck, where Quarkus alone answers an empty 400), and an unknown
 * management path is a 404 problem+json, not an HTML page.
 */
@QuarkusTest
class RequestTargetTest {

    @TestHTTPResource("/")
    URI application;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @ParameterizedTest
    @ValueSource(strings = {"products?q=%", "products?q=%zz", "products/%zz", "products/{id}", "pro\\ducts",
            "q/health?x=%"})
    void aMalformedTargetIs400ProblemJsonOnBothPorts(String target) throws IOException {
        for (URI base : new URI[]{application, management}) {
            // java.net.URL, unlike URI, sends such a target as written.
            HttpURLConnection connection = (HttpURLConnection) new URL(base + target).openConnection();
            connection.setRequestProperty("X-Request-Id", "target-1");
            assertEquals(400, connection.getResponseCode(), base + target);
            assertThat(connection.getContentType(), startsWith("application/problem+json"));
            assertThat(read(connection.getErrorStream()), containsString("\"requestId\":\"target-1\""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "q/nope"})
    void anUnknownManagementPathIs404ProblemJson(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(management + path).openConnection();
        assertEquals(404, connection.getResponseCode());
        assertThat(connection.getContentType(), startsWith("application/problem+json"));
        assertThat(read(connection.getErrorStream()), containsString("\"status\":404"));
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
