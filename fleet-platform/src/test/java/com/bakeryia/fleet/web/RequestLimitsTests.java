package com.bakeryia.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The request limits on a real Tomcat: a body over {@code deletion.web.max-request-body-size} (64 KB
 * here, the default) is refused with 413 before it is parsed and before the token is looked at, a
 * chunked one as soon as it is read past the limit; a header over the fleet's 16 KB is refused by
 * Tomcat.
 */
@SpringBootTest(
        classes = WebTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=limits-test")
class RequestLimitsTests {

    static final int LIMIT = 64 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesABodyOverTheLimitBeforeAuthentication() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/closed"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonOf(LIMIT + 1))));

        assertTooLarge(response);
    }

    @Test
    void refusesAChunkedBodyThatGrowsBeyondTheLimit() throws Exception {
        byte[] body = jsonOf(LIMIT + 1).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/open/echo"))
                .header("Content-Type", "application/json")
                // No length: the JDK client sends the body chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertTooLarge(response);
    }

    @Test
    void refusesAHeaderOverTheFleetsLimit() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/open/echo"))
                .header("Content-Type", "application/json")
                .header("X-Padding", "a".repeat(20 * 1024))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException closed) {
            status = -1; // Tomcat may close the connection instead of answering
        }

        assertThat(status).as("status of a request with a 20 KB header").isIn(-1, 400, 431);
    }

    @Test
    void readsABodyWithinTheLimit() throws Exception {
        byte[] body = jsonOf(LIMIT).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> sized = send(HttpRequest.newBuilder(uri("/open/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/open/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(sized.statusCode()).isEqualTo(200);
        assertThat(chunked.statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsAHeaderWithinTheFleetsLimit() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/open/echo"))
                .header("Content-Type", "application/json")
                .header("X-Padding", "a".repeat(12 * 1024))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private void assertTooLarge(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:bakery-ia:problem:request-too-large");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asText()).contains("65536 bytes");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A JSON object of exactly {@code size} bytes. */
    static String jsonOf(int size) {
        String start = "{\"padding\":\"";
        String end = "\"}";
        return start + "a".repeat(size - start.length() - end.length()) + end;
    }
}
