package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.FaultInjectingProxy.SearchFault;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.RetryPolicy;
import dev.esfunctions.copy.CopyPipeline;
import dev.esfunctions.copy.CopyTransform;
import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import dev.esfunctions.model.Refresh;
import dev.esfunctions.scan.ScanPosition;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Reads that fail part way, through a fault-injecting proxy in front of a node of this test's own, whose count of
 * open point-in-times no other test changes: a page some shards failed, a page that timed out, a refused page, and
 * a copy cancelled mid-way. Nothing partial passes for complete, a copy resumed from its cursor ends with exactly the
 * source's documents, and no point-in-time is left open unless a cursor was handed back.
 */
@QuarkusTest
@TestProfile(ReadFaultsTest.ThroughProxy.class)
class ReadFaultsTest {

    private static final String SOURCE = "read-faults-source";
    private static final String TARGET = "read-faults-target";
    private static final int DOCUMENTS = 1000;

    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String node = LocalElasticsearchConfigSourceFactory.dedicatedNode("test-read-faults",
                    LocalElasticsearchConfigSourceFactory.HOME, List.of());
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + FaultInjectingProxy.start(node));
        }
    }

    @Inject
    TestCluster cluster;

    @Inject
    CopyPipeline copyPipeline;

    @BeforeEach
    void sourceOfAThousandDocumentsAndNoTarget() {
        FaultInjectingProxy.reset();
        cluster.recreateIndex(SOURCE, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex(SOURCE, DOCUMENTS, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex(TARGET);
        FaultInjectingProxy.reset();
    }

    @Test
    void aCopyMeetingAPartialPageFailsLoudlyAndResumedFromItsCursorCopiesEveryDocumentOnce() {
        FaultInjectingProxy.failSearch(3, SearchFault.PARTIAL);
        JsonPath failed = copy(null).statusCode(502)
                .body("error.type", equalTo("shard_failures"))
                .body("error.cursor", notNullValue())
                .extract().jsonPath();
        assertEquals(200, failed.getInt("error.partial.read"), "the two pages before the partial one");
        assertEquals(200, failed.getInt("error.partial.written"));
        int read = 200 + resume(failed.getString("error.cursor"));
        assertEquals(DOCUMENTS, read);
        assertTargetHoldsEachDocumentOnce();
        assertEquals(0, openPointInTimes(), "the copy ran to its end: its point-in-time is closed");
    }

    @Test
    void aCopyMeetingATimedOutPageFailsLoudlyAndResumesAlike() {
        FaultInjectingProxy.failSearch(5, SearchFault.TIMED_OUT);
        JsonPath failed = copy(null).statusCode(504)
                .body("error.type", equalTo("search_timed_out"))
                .extract().jsonPath();
        assertEquals(400, failed.getInt("error.partial.written"));
        assertEquals(DOCUMENTS, 400 + resume(failed.getString("error.cursor")));
        assertTargetHoldsEachDocumentOnce();
        assertEquals(0, openPointInTimes());
    }

    @Test
    void aCopyThatFailsForGoodOnPageThreeLeavesNoPointInTimeOpen() {
        FaultInjectingProxy.failSearch(3, SearchFault.REFUSED);
        copy(null).statusCode(400)
                .body("error.type", equalTo("parsing_exception"))
                .body("error.cursor", nullValue())
                .body("error.partial.written", equalTo(200));
        assertEquals(0, openPointInTimes(), "no cursor was handed back, so the point-in-time was closed");
    }

    @Test
    void aCopyCancelledMidWayLeavesNoPointInTimeOpen() throws Exception {
        FaultInjectingProxy.delaySearchRequests(300);
        CopyTransform asItIs = new CopyTransform(List.of(), List.of(), Map.of(), Map.of(), null);
        BulkOptions options = new BulkOptions(1000, 5_000_000, 2, true, Refresh.FALSE, null,
                System.nanoTime() + Duration.ofMinutes(1).toNanos(),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10)), 10, null);
        Cancellable copying = copyPipeline.copy(ScanPosition.start(SOURCE, null, null, null, 100, null), TARGET, index -> true,
                hit -> asItIs.apply(hit, BulkOperation.Action.INDEX), options,
                System.nanoTime() + Duration.ofMinutes(1).toNanos()).subscribe().with(outcome -> {
                }, failure -> {
                });
        awaitTrue(() -> FaultInjectingProxy.searchRequests() >= 2, "the copy read its second page");
        assertEquals(1, openPointInTimes(), "the copy reads through one point-in-time");
        copying.cancel();
        awaitTrue(() -> openPointInTimes() == 0, "the cancelled copy closed its point-in-time");
    }

    @Test
    void aScanPageThatWasPartialIsReadAgainFromTheCursorOfItsFailure() {
        FaultInjectingProxy.failSearch(2, SearchFault.PARTIAL);
        String cursor = scan("{\"index\": \"" + SOURCE + "\", \"size\": 400}").statusCode(200).extract().path("cursor");
        String retry = scan("{\"cursor\": \"" + cursor + "\"}").statusCode(502)
                .body("error.type", equalTo("shard_failures")).extract().path("error.cursor");
        assertEquals(cursor, retry, "the failure hands back the cursor of the page it could not read");
        int seen = 400;
        while (retry != null) {
            JsonPath page = scan("{\"cursor\": \"" + retry + "\"}").statusCode(200).extract().jsonPath();
            seen += page.getList("hits").size();
            retry = page.getString("cursor");
        }
        assertEquals(DOCUMENTS, seen);
        assertEquals(0, openPointInTimes());
    }

    /** Copies on from {@code cursor} until the copy is complete; the documents read. */
    private int resume(String cursor) {
        int read = 0;
        for (int calls = 0; cursor != null; calls++) {
            assertTrue(calls < 50, "the copy ends");
            JsonPath result = copy(cursor).statusCode(200).extract().jsonPath();
            assertEquals(0, result.getInt("failed"));
            read += result.getInt("read");
            cursor = result.getString("cursor");
        }
        return read;
    }

    private void assertTargetHoldsEachDocumentOnce() {
        cluster.refresh(TARGET);
        JsonNode hits = cluster.perform("POST", "/" + TARGET + "/_search",
                "{\"size\": 2000, \"version\": true, \"_source\": false}").path("hits").path("hits");
        assertEquals(DOCUMENTS, hits.size());
        for (JsonNode hit : hits) {
            assertEquals(1, hit.path("_version").asInt(), "document " + hit.path("_id") + " was written once");
        }
    }

    private int openPointInTimes() {
        return cluster.openPointInTimes();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "in time: " + what);
            Thread.sleep(50);
        }
    }

    private static ValidatableResponse copy(String cursor) {
        return given().contentType(ContentType.JSON)
                .body("{\"index\": \"" + SOURCE + "\", \"target\": \"" + TARGET + "\", \"size\": 100, "
                        + "\"maxDurationMs\": 60000" + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}")
                .post("/copy").then().log().ifValidationFails();
    }

    private static ValidatableResponse scan(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/scan").then().log().ifValidationFails();
    }
}
