package dev.esfunctions.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged application in a small heap, sent at once far more maximum-size upserts than its memory holds: every
 * call is answered, each either written whole (200) or refused before it wrote anything (503 with Retry-After); no
 * OutOfMemoryError; and the instance is healthy afterwards. Runs the artifact itself, since the heap is the point.
 */
class OverloadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "packaged-overload";
    /** A maximum-size call: 3,500 documents of about 1 KB, just under the 4 MB body limit the instance is given. */
    private static final int DOCS_PER_CALL = 3_500;
    private static final int CALLS = 24;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process application;
    private Path log;

    @AfterEach
    void stop() throws InterruptedException {
        if (application != null) {
            application.destroy();
            application.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBurstBeyondTheMemoryBudgetIsRefusedWholeNeverHalfWrittenAndTheInstanceLivesOn() throws Exception {
        String url = start();
        elasticsearch("DELETE", "/" + INDEX, null);
        List<String> bodies = new ArrayList<>();
        for (int call = 0; call < CALLS; call++) {
            bodies.add(upsert(call));
        }
        assertTrue(bodies.get(0).length() > 3_500_000 && bodies.get(0).length() < 4 * 1024 * 1024,
                "maximum-size bodies: " + bodies.get(0).length());

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (String body : bodies) {
            calls.add(http.sendAsync(post(url + "/upsert", body), HttpResponse.BodyHandlers.ofString()));
        }
        int written = 0;
        List<Integer> refused = new ArrayList<>();
        for (int call = 0; call < CALLS; call++) {
            HttpResponse<String> answer = calls.get(call).get(120, TimeUnit.SECONDS);
            JsonNode json = JSON.readTree(answer.body());
            if (answer.statusCode() == 200) {
                assertEquals(DOCS_PER_CALL, json.path("succeeded").asInt(), answer.body());
                written++;
            } else {
                assertEquals(503, answer.statusCode(), answer.body());
                assertEquals("overloaded", json.path("error").path("type").asText(), answer.body());
                assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "a refusal says when to come back");
                refused.add(call);
            }
        }
        System.out.printf("OverloadIT: %d maximum-size calls at once: %d written whole, %d refused%n", CALLS, written,
                refused.size());
        assertTrue(written > 0, "some calls fit");
        assertFalse(refused.isEmpty(), CALLS + " maximum-size calls at once cannot all fit in a 128 MB heap");

        elasticsearch("POST", "/" + INDEX + "/_refresh", null);
        assertEquals((long) written * DOCS_PER_CALL, count("{\"match_all\": {}}"),
                "every acknowledged document is in the index, and nothing else");
        for (int call : refused) {
            assertEquals(0, count("{\"term\": {\"call\": " + call + "}}"), "call " + call + " was refused: it wrote nothing");
        }

        // Refused calls succeed when sent again, one at a time, after the time they were told.
        HttpResponse<String> again = http.send(post(url + "/upsert", bodies.get(refused.get(0))),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());

        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String output = Files.readString(log);
        assertFalse(output.contains("OutOfMemoryError"), output);
    }

    /** The packaged application with a 128 MB heap and a 4 MB body limit, once it answers. */
    private String start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = Files.createTempFile(PackagedArtifact.buildDirectory(), "overload", ".log");
        application = PackagedArtifact.deployment(PackagedArtifact.command(
                List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"),
                Map.of("quarkus.elasticsearch.hosts", PackagedCluster.address(),
                        "quarkus.http.port", Integer.toString(port),
                        "quarkus.http.limits.max-body-size", "4M")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && application.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return url;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the application did not become ready; it printed:\n" + Files.readString(log));
    }

    private static String upsert(int call) {
        StringBuilder body = new StringBuilder("{\"index\": \"" + INDEX + "\", \"docs\": [");
        String text = "x".repeat(1000);
        for (int i = 0; i < DOCS_PER_CALL; i++) {
            body.append(i == 0 ? "" : ",").append("{\"_id\": \"").append(call).append('-').append(i)
                    .append("\", \"call\": ").append(call).append(", \"text\": \"").append(text).append("\"}");
        }
        return body.append("]}").toString();
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private long count(String query) throws Exception {
        return JSON.readTree(elasticsearch("POST", "/" + INDEX + "/_count", "{\"query\": " + query + "}"))
                .path("count").asLong();
    }

    private String elasticsearch(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + PackagedCluster.address() + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertNotNull(answer.body());
        return answer.body();
    }
}
