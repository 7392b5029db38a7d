package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A node of its own killed with {@code kill -9} in the middle of an upsert, and restarted on its data: the call ends
 * within its deadline with every document accounted for; what it reported written is there, what it reported not
 * applied is not; and the same process serves again once the node is back.
 */
@QuarkusTest
@TestProfile(KilledNodeTest.OwnNode.class)
class KilledNodeTest {

    private static final String PROFILE = "test-killed-node";
    private static final String INDEX = "killed-node";
    private static final int DOCUMENTS = 10_000;
    /** Errors that say the document was not applied: it must be absent after the restart. */
    private static final Set<String> NOT_APPLIED = Set.of("not_attempted", "cluster_unavailable", "cluster_busy");

    public static class OwnNode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.elasticsearch.hosts", LocalElasticsearchConfigSourceFactory.dedicatedNode(PROFILE,
                    LocalElasticsearchConfigSourceFactory.HOME, List.of()),
                    "es-functions.request-timeout", "5s",
                    "es-functions.bulk.max-reported-errors", Integer.toString(DOCUMENTS),
                    "es-functions.bulk.max-retries", "3",
                    "es-functions.bulk.initial-backoff", "200ms");
        }
    }

    private static final Logger LOG = Logger.getLogger(KilledNodeTest.class);

    @Inject
    TestCluster cluster;

    @Test
    void everyDocumentIsAccountedForAcrossACrashAndTheProcessServesAgain() throws Exception {
        cluster.recreateIndexWith(INDEX, "{\"settings\": {\"refresh_interval\": \"200ms\"}}");
        // This profile's application is new, and its first call reads and binds 10,000 documents (in CI, on 2 cores,
        // 4 s between the post and the first _bulk): the call's deadline counts from the request's arrival, so that
        // time is the call's, and it still ends within its deadline.
        CompletableFuture<Void> crash = CompletableFuture.runAsync(() -> {
            await(() -> cluster.countWithoutRefresh(INDEX) >= 1000, Duration.ofSeconds(60));
            LocalElasticsearchConfigSourceFactory.kill(PROFILE, LocalElasticsearchConfigSourceFactory.HOME);
        });
        String documents = documents();
        long start = System.nanoTime();
        Response answer = given().contentType(ContentType.JSON).body(documents).post("/upsert");
        long answeredMs = (System.nanoTime() - start) / 1_000_000;
        JsonPath result = answer.then().log().ifValidationFails().statusCode(200).extract().jsonPath();
        crash.join();
        int succeeded = result.getInt("succeeded");
        int failed = result.getInt("failed");
        assertEquals(DOCUMENTS, result.getInt("total"));
        assertEquals(DOCUMENTS, succeeded + failed);
        assertTrue(succeeded >= 1000 && failed > 0, "the node died part way: " + succeeded + " succeeded");
        // The call's own clock runs from the request's arrival to its answer's assembly. The caller's also holds the
        // test client's encoding of 2.4 MB and the answer's sending (some 9,000 errors, a megabyte): 2.8 s of it here.
        assertTrue(result.getLong("took") < 20_000 + 2_000, "the call ended at its deadline (timeoutMs 20000): took "
                + result.getLong("took") + " ms");
        assertTrue(answeredMs < 20_000 + 8_000, "the caller had its answer " + answeredMs + " ms after sending");

        List<Map<String, Object>> errors = result.getList("errors");
        assertEquals(failed, errors.size(), "every failure is listed");
        Set<String> failedIds = new HashSet<>();
        Set<String> notApplied = new HashSet<>();
        for (Map<String, Object> error : errors) {
            failedIds.add((String) error.get("id"));
            if (NOT_APPLIED.contains(error.get("type"))) {
                notApplied.add((String) error.get("id"));
            }
        }
        Map<Object, Long> types = errors.stream()
                .collect(Collectors.groupingBy(error -> error.get("type"), Collectors.counting()));
        LOG.infof("kill -9 mid-upsert: %d succeeded, %d failed (%s), took %d ms, answered after %d ms", succeeded,
                failed, types, result.getLong("took"), answeredMs);
        LocalElasticsearchConfigSourceFactory.restart(PROFILE, LocalElasticsearchConfigSourceFactory.HOME, List.of());
        Set<String> written = IntStream.range(0, DOCUMENTS).mapToObj(Integer::toString)
                .filter(id -> !failedIds.contains(id)).collect(Collectors.toSet());
        assertEquals(written.size(), cluster.countIds(INDEX, written), "every document reported written is there");
        assertEquals(0, cluster.countIds(INDEX, notApplied), "no document reported not applied is there");

        given().contentType(ContentType.JSON)
                .body("{\"index\": \"" + INDEX + "\", \"docs\": [{\"_id\": \"after-restart\"}]}").post("/upsert")
                .then().statusCode(200).body("succeeded", equalTo(1));
    }

    private static String documents() {
        return "{\"index\": \"" + INDEX + "\", \"batchSize\": 250, \"concurrency\": 2, \"timeoutMs\": 20000, "
                + "\"docs\": [" + IntStream.range(0, DOCUMENTS).mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i
                        + ", \"text\": \"" + "x".repeat(200) + "\"}").collect(Collectors.joining(",")) + "]}";
    }

    /** Waits until {@code condition} holds, or fails the test after {@code within}. */
    static void await(java.util.function.BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in time");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
