package dev.esfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 100,000 documents of about 1 KB in ten requests, with the heap of the whole test JVM capped at 256 MB (pom.xml).
 * The JDK client sends the bodies: RestAssured would render each 10 MB body for its failure log.
 */
@QuarkusTest
class LargeUpsertTest {

    private static final String INDEX = "large-upsert";
    private static final int REQUESTS = 10;
    private static final int DOCS_PER_REQUEST = 10_000;

    @Inject
    TestCluster cluster;

    @TestHTTPResource("upsert")
    URI upsert;

    @Test
    void hundredThousandDocumentsLandInABoundedHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 256L * 1024 * 1024, "the test runs with -Xmx256m, not " + maxHeap);
        cluster.recreateIndex(INDEX, "{\"properties\": {\"text\": {\"type\": \"keyword\", \"index\": false}}}");
        String text = "x".repeat(960);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        for (int request = 0; request < REQUESTS; request++) {
            StringBuilder body = new StringBuilder(DOCS_PER_REQUEST * 1024).append("{\"index\": \"large-upsert\", \"docs\": [");
            for (int i = 0; i < DOCS_PER_REQUEST; i++) {
                int n = request * DOCS_PER_REQUEST + i;
                body.append(i == 0 ? "" : ",").append("{\"_id\": \"").append(n).append("\", \"n\": ").append(n)
                        .append(", \"text\": \"").append(text).append("\"}");
            }
            byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            body = null;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(upsert)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode result = json.readTree(response.body());
            assertEquals(DOCS_PER_REQUEST, result.path("succeeded").asInt(), response.body());
            assertEquals(0, result.path("failed").asInt());
        }
        assertEquals(REQUESTS * DOCS_PER_REQUEST, cluster.count(INDEX));
        cluster.deleteIndex(INDEX);
    }
}
