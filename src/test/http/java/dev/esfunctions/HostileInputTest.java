package dev.esfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * At least 1,000 generated and mutated bodies for every function ({@link HostileBodies}, seed {@code hostile.seed},
 * fixed by default), through a proxy that counts what reaches the cluster: every answer one the README documents
 * ({@link HostileAnswers}: a result of the function's shape, or a documented error type at its status), nothing
 * sent to the cluster for a refused index name, every answer within the request timeout, and the process still
 * serving at the end.
 */
@QuarkusTest
@TestProfile(HostileInputTest.Narrowed.class)
class HostileInputTest {

    static final long SEED = Long.getLong("hostile.seed", 20261128L);
    static final int BODIES = Integer.getInteger("hostile.bodies", 1000);
    /** The errors that refuse an index before any request. */
    static final Set<String> REFUSED_INDEX = Set.of("invalid_index_name", "index_not_allowed");

    private static final Logger LOG = Logger.getLogger(HostileInputTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public static class Narrowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxy,
                    "es-functions.indices.read", "hostile-*",
                    "es-functions.indices.write", "hostile-*",
                    "es-functions.request-timeout", REQUEST_TIMEOUT.toSeconds() + "s",
                    "es-functions.limits.max-documents", "1000",
                    "es-functions.bulk.timeout", "4s");
        }
    }

    @Inject
    TestCluster cluster;

    @TestHTTPResource("/")
    URI root;

    @Test
    void noBodyMakesAFunctionAnswerOutsideTheContract() throws Exception {
        FaultInjectingProxy.reset();
        cluster.recreateIndex("hostile-1", "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex("hostile-1", 20, i -> "{\"n\": " + i + "}");
        cluster.recreateIndex("hostile-2", "{}");
        cluster.bulkIndex("hostile-2", 20, i -> "{\"n\": " + i + "}");
        HttpClient http = HttpClient.newHttpClient();
        List<String> cursors = new ArrayList<>();
        for (String index : List.of("hostile-1", "hostile-2")) {
            cursors.add(JSON.readTree(send(http, "scan", "{\"index\": \"" + index + "\", \"size\": 2}").body())
                    .path("cursor").asText());
        }
        List<HostileBodies.Body> bodies = new HostileBodies(SEED, "hostile-1", cursors, true).bodies(BODIES);

        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (HostileBodies.Body body : bodies) {
            int before = FaultInjectingProxy.requests();
            long start = System.nanoTime();
            HttpResponse<String> response = send(http, body.function(), body.text());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            String problem = HostileAnswers.problem(body, response);
            JsonNode answer = HostileAnswers.json(response.body());
            String type = answer.path("error").path("type").asText("ok");
            if (problem == null && REFUSED_INDEX.contains(type) && FaultInjectingProxy.requests() != before) {
                problem = "refused after " + (FaultInjectingProxy.requests() - before)
                        + " request(s) reached the cluster, not before";
            }
            if (problem == null && millis > REQUEST_TIMEOUT.multipliedBy(2).toMillis()) {
                problem = "answered in " + millis + " ms";
            }
            if (problem != null) {
                violations.add(body.function() + " [" + body.mutations() + "] " + response.statusCode() + ": " + problem
                        + "\n    sent: " + abbreviated(body.text()) + "\n    got:  " + abbreviated(response.body()));
            }
            outcomes.merge(body.function() + " " + response.statusCode() + " " + type, 1, Integer::sum);
        }
        // How many bodies the contract promised a refusal or an exact answer for: a run with none would judge less.
        LOG.infof("hostile input, seed %d: %d bodies (%d per function), %d to be refused, %d with an exact answer; "
                + "answers by function, status and type: %s", SEED, bodies.size(), BODIES,
                bodies.stream().filter(body -> body.refusedAt() != null).count(),
                bodies.stream().filter(body -> body.exactly() != null).count(), outcomes);
        if (!violations.isEmpty()) {
            // All of them, for the findings: the assertion's message shows the first 20.
            LOG.infof("hostile input, seed %d: %d answers outside the contract:\n%s", SEED, violations.size(),
                    String.join("\n", violations));
        }
        assertTrue(violations.isEmpty(), violations.size() + " answers outside the contract (seed " + SEED + "):\n"
                + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
        HttpResponse<String> after = send(http, "search", "{\"index\": \"hostile-2\"}");
        assertEquals(200, after.statusCode(), "still serving: " + after.body());
    }

    private HttpResponse<String> send(HttpClient http, String function, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(root.resolve(function)).header("Content-Type", "application/json")
                .timeout(REQUEST_TIMEOUT.multipliedBy(4))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " characters)" : text;
    }
}
