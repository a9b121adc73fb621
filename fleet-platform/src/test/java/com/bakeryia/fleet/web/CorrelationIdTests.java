package com.bakeryia.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every answer carries a correlation id, every problem body quotes it, and no body says what an
 * exception said: that goes to the log, under the id.
 */
@SpringBootTest(
        classes = WebTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=limits-test")
@ExtendWith(OutputCaptureExtension.class)
class CorrelationIdTests {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersAnExceptionWithoutItsMessageAndLogsItUnderTheId(CapturedOutput output) throws Exception {
        HttpResponse<String> response = get("/open/secret", "secret-1");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("hunter2", "jdbc:", "db.internal", "IllegalStateException");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:bakery-ia:problem:internal-error");
        assertThat(problem.path("detail").asText())
                .isEqualTo("An internal error occurred; quote correlation id secret-1");
        assertThat(problem.path("correlation_id").asText()).isEqualTo("secret-1");
        assertThat(output.getOut())
                .containsPattern("ERROR .*correlation id secret-1.*" + WebTestApplication.SECRET.replace(".", "\\."));
    }

    @Test
    void answersASqlExceptionWithoutTheSql(CapturedOutput output) throws Exception {
        HttpResponse<String> response = get("/open/sql", "sql-1");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("SELECT", "tenant.tenants", "permission denied", "SQLException");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("correlation_id").asText()).isEqualTo("sql-1");
        assertThat(output.getOut()).contains("correlation id sql-1").contains(WebTestApplication.SQL);
        // The log pattern of the fleet defaults puts the id on every line of the request.
        assertThat(output.getOut()).contains("[sql-1]");
    }

    @Test
    void replacesAnIdThatIsNotASaneToken() throws Exception {
        for (String insane : new String[] {"a".repeat(65), "two words", "x;drop", "<script>"}) {
            HttpResponse<String> response = get("/open/refused", insane);

            String id = response.headers().firstValue("X-Correlation-Id").orElseThrow();
            assertThat(id).as("id answered for %s", insane).isNotEqualTo(insane);
            assertThat(UUID.fromString(id)).isNotNull();
            assertThat(json.readTree(response.body()).path("correlation_id").asText())
                    .isEqualTo(id);
        }
    }

    @Test
    void makesAnIdWhenTheCallerSentNone() throws Exception {
        HttpResponse<String> response = get("/open/refused", null);

        String id = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(json.readTree(response.body()).path("correlation_id").asText())
                .isEqualTo(id);
    }

    @Test
    void keepsTheCallersSaneIdInTheHeaderAndEveryProblem() throws Exception {
        String id = "a".repeat(60) + "._-9";
        HttpResponse<String> refused = get("/open/refused", id);
        HttpResponse<String> unauthorized = get("/closed", id);
        HttpResponse<String> notFound = get("/open/nothing-here", id);
        HttpResponse<String> tooLarge = http.send(
                HttpRequest.newBuilder(uri("/closed"))
                        .header("X-Correlation-Id", id)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(RequestLimitsTests.jsonOf(70_000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        for (HttpResponse<String> response : java.util.List.of(refused, unauthorized, notFound, tooLarge)) {
            assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue(id);
            assertThat(json.readTree(response.body()).path("correlation_id").asText())
                    .as("correlation_id of %s", response.body())
                    .isEqualTo(id);
        }
        assertThat(json.readTree(refused.body()).path("detail").asText())
                .isEqualTo("The page size must be at most 100");
    }

    private HttpResponse<String> get(String path, String correlationId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
