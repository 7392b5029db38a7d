package dev.esfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * 50 calls at once, each sending up to 2 requests, through a pool of 20 connections: a request waits for a
 * connection before its timeout starts, instead of timing out in the client's pool without ever being sent.
 */
@QuarkusTest
@TestProfile(ConnectionPoolTest.TwentyConnections.class)
class ConnectionPoolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class TwentyConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.elasticsearch.max-connections", "20",
                    "quarkus.elasticsearch.max-connections-per-route", "20",
                    "es-functions.request-timeout", "3s");
        }
    }

    @Inject
    TestCluster cluster;

    @TestHTTPResource("/upsert")
    URI upsert;

    @Test
    void fiftyCallsThroughTwentyConnectionsWaitForOneAndAllLand() throws Exception {
        cluster.recreateIndex("connection-pool", "{}");
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int call = 0; call < 50; call++) {
            int first = call * 1000;
            String body = "{\"index\": \"connection-pool\", \"batchSize\": 250, \"docs\": [" + IntStream
                    .range(first, first + 1000).mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i + "}")
                    .collect(Collectors.joining(",")) + "]}";
            calls.add(http.sendAsync(HttpRequest.newBuilder(upsert).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int landed = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertEquals(200, response.statusCode(), response.body());
            JsonNode result = JSON.readTree(response.body());
            for (JsonNode error : result.path("errors")) {
                assertNotEquals("cluster_timeout", error.path("type").asText(), "a request timed out: " + error);
            }
            landed += result.path("succeeded").asInt();
        }
        assertEquals(50_000, landed);
        assertEquals(50_000, cluster.count("connection-pool"));
    }
}
