package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A scan split into slices, each read by its own sequence of calls, in parallel: from a plan that opens one
 * point-in-time for all of them, or slice by slice. On Elasticsearch 9.5.4 here, on OpenSearch 3.6.0 in
 * {@link OpenSearchSlicedScanTest}.
 */
@QuarkusTest
@TestProfile(SlicedScanTest.SmallSlices.class)
class SlicedScanTest {

    private static final int DOCUMENTS = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "sliced-source";

    /** A plan gives each slice at least 10,000 documents, so that 50,000 make several. */
    public static class SmallSlices implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("es-functions.scan.documents-per-slice", "10000");
        }
    }

    @Inject
    TestCluster cluster;

    @Test
    void fourSlicesCopiedByFourConcurrentLoopsWriteEveryDocumentOnce() throws Exception {
        source(DOCUMENTS);
        cluster.deleteIndex("sliced-target");
        JsonPath plan = call("/plan", "{\"index\": \"" + SOURCE + "\", \"size\": 500, \"slices\": 4}");
        assertEquals(DOCUMENTS, plan.getLong("documents"));
        assertEquals(3, plan.getInt("shards"));
        List<String> cursors = plan.getList("slices.cursor");
        assertEquals(4, cursors.size());
        assertEquals(List.of(0, 1, 2, 3), plan.getList("slices.slice.id"));
        String copy = "{\"index\": \"" + SOURCE + "\", \"target\": \"sliced-target\", \"size\": 500, "
                + "\"maxDurationMs\": 150";
        ExecutorService loops = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> slices = new ArrayList<>();
            for (String first : cursors) {
                slices.add(loops.submit(() -> loop("/copy", copy, first)));
            }
            int read = 0;
            int written = 0;
            for (Future<int[]> slice : slices) {
                int[] totals = slice.get();
                assertTrue(totals[0] > 0, "every slice has documents of its own");
                assertTrue(totals[2] > 1, "a small maxDurationMs takes each slice several calls: " + totals[2]);
                read += totals[0];
                written += totals[1];
            }
            assertEquals(DOCUMENTS, read, "the slices together read every document once");
            assertEquals(DOCUMENTS, written);
        } finally {
            loops.shutdownNow();
        }
        assertEquals(DOCUMENTS, cluster.count("sliced-target"), "no document is missing, and none was copied twice");
        assertTrue(cluster.pointInTimeIsOpen(pointInTime(cursors.get(0))),
                "no slice closed the point-in-time the others read: it expires by itself");
    }

    @Test
    void aPlanChoosesItsSlicesFromTheShardsAndTheDocuments() throws Exception {
        source(DOCUMENTS);
        // 50,000 documents at 10,000 a slice would be 5; rounded down to a multiple of the 3 shards.
        JsonPath plan = call("/plan", "{\"index\": \"" + SOURCE + "\", \"maxSlices\": 8}");
        assertEquals(3, plan.getList("slices").size());
        assertEquals(3, plan.getInt("slices[0].slice.max"));
        JsonPath few = call("/plan", "{\"index\": \"" + SOURCE + "\", \"query\": {\"range\": {\"n\": {\"lt\": 5000}}}, "
                + "\"maxSlices\": 8}");
        assertEquals(5000, few.getLong("documents"));
        assertEquals(1, few.getList("slices").size(), "one slice is enough");
        assertNull(few.get("slices[0].slice"));
        assertEquals(5000, scanAll(few.getString("slices[0].cursor"), ", \"query\": {\"range\": {\"n\": {\"lt\": 5000}}}")
                .size());
        assertFalse(cluster.pointInTimeIsOpen(pointInTime(few.getString("slices[0].cursor"))),
                "a plan of one slice is an ordinary scan: its last page closed the point-in-time");
    }

    @Test
    void slicesWithoutAPlanReadTheirPartsAndTogetherTheWhole() {
        source(3000);
        Set<String> all = new HashSet<>();
        int sum = 0;
        for (int id = 0; id < 3; id++) {
            JsonPath first = call("/scan", "{\"index\": \"" + SOURCE + "\", \"size\": 400, \"slice\": {\"id\": " + id
                    + ", \"max\": 3}}");
            List<String> ids = new ArrayList<>(first.getList("hits.id"));
            if (first.getString("cursor") != null) {
                // Fields of the first call given as null are fields not given: the cursor continues.
                ids.addAll(scanAll(first.getString("cursor"), ", \"slice\": {\"id\": " + id + ", \"max\": 3}, "
                        + "\"query\": null, \"sort\": null"));
            }
            assertFalse(ids.isEmpty());
            sum += ids.size();
            all.addAll(ids);
        }
        assertEquals(3000, sum);
        assertEquals(3000, all.size());
    }

    @Test
    void aSliceThatIsNotOneIsRefusedWithWhatToFix() {
        source(10);
        String scan = "{\"index\": \"" + SOURCE + "\", \"slice\": ";
        refused("/scan", scan + "{\"id\": 3, \"max\": 3}}", "slice.id");
        refused("/scan", scan + "{\"id\": 0, \"max\": 1}}", "slice.max");
        refused("/scan", scan + "{\"max\": 4}}", "'id'");
        refused("/scan", scan + "{\"id\": 0, \"max\": 2000}}", "slice.max");
        refused("/plan", "{\"index\": \"" + SOURCE + "\", \"slices\": 2, \"maxSlices\": 4}", "not both");
        refused("/plan", "{\"index\": \"" + SOURCE + "\", \"slices\": 0}", "slices");
        refused("/delete", "{\"index\": \"" + SOURCE + "\", \"ids\": [\"1\"], \"slice\": {\"id\": 0, \"max\": 2}}", "slice");
        String cursor = call("/plan", "{\"index\": \"" + SOURCE + "\", \"size\": 2, \"slices\": 2}")
                .getString("slices[0].cursor");
        given().contentType(ContentType.JSON).body("{\"cursor\": \"" + cursor + "\", \"slice\": {\"id\": 1, \"max\": 2}}")
                .post("/scan").then().statusCode(400).body("error.type", equalTo("cursor_mismatch"));
    }

    @Test
    void aDeleteByQueryInSlicesDeletesEveryMatchOnce() {
        source(4000);
        String query = "\"query\": {\"range\": {\"n\": {\"gte\": 1000}}}";
        int deleted = 0;
        for (int id = 0; id < 2; id++) {
            JsonPath result = call("/delete", "{\"index\": \"" + SOURCE + "\", " + query + ", \"refresh\": true, "
                    + "\"slice\": {\"id\": " + id + ", \"max\": 2}}");
            assertEquals(0, result.getInt("failed"));
            deleted += result.getInt("deleted");
        }
        assertEquals(3000, deleted);
        assertEquals(1000, cluster.count(SOURCE));
    }

    @Test
    void aDeleteByQueryFromAPlanDeletesEveryMatchOnce() {
        source(4000);
        String query = "\"query\": {\"range\": {\"n\": {\"lt\": 3000}}}";
        JsonPath plan = call("/plan", "{\"index\": \"" + SOURCE + "\", " + query + ", \"source\": false, \"slices\": 3}");
        int deleted = 0;
        for (String cursor : plan.<String> getList("slices.cursor")) {
            for (String next = cursor; next != null;) {
                JsonPath result = call("/delete", "{\"index\": \"" + SOURCE + "\", " + query + ", \"refresh\": true, "
                        + "\"cursor\": \"" + next + "\"}");
                assertEquals(0, result.getInt("failed"));
                deleted += result.getInt("deleted");
                next = result.getString("cursor");
            }
        }
        assertEquals(3000, deleted);
        assertEquals(1000, cluster.count(SOURCE));
    }

    @Test
    void theCopyJobStateMachineCopiesEverySliceAndReportsTheTotals() throws Exception {
        source(20_000);
        cluster.deleteIndex("job-target");
        JsonNode report = StateMachineRunner.copyJob().run(JSON.readTree("{\"copy\": {\"index\": \"" + SOURCE + "\", \"target\": "
                + "\"job-target\", \"size\": 500, \"maxDurationMs\": 100}, \"maxSlices\": 4, \"maxConcurrency\": 2}"));
        assertEquals(20_000, report.path("documents").asLong());
        assertEquals(2, report.path("slices").asInt(), "20,000 documents at 10,000 a slice: " + report);
        assertEquals(20_000, report.path("read").asLong());
        assertEquals(20_000, report.path("written").asLong());
        assertEquals(0, report.path("failed").asLong());
        assertTrue(report.path("calls").asInt() > 2, "each slice loops: " + report);
        assertEquals(20_000, cluster.count("job-target"));
    }

    @Test
    void aCopyJobWhoseCallsAreRefusedFailsWithTheFunctionsError() throws Exception {
        source(3000);
        StateMachineRunner.ExecutionFailed failed = org.junit.jupiter.api.Assertions.assertThrows(
                StateMachineRunner.ExecutionFailed.class, () -> StateMachineRunner.copyJob().run(JSON.readTree("{\"copy\": {\"index\": \""
                        + SOURCE + "\", \"target\": \"Not A Valid Name\"}}")));
        assertEquals("invalid_index_name", failed.error);
        JsonNode cause = JSON.readTree(failed.cause);
        assertTrue(cause.path("cursor").isTextual(), "the failure says where the slice stands: " + cause);
        assertTrue(cause.path("reason").asText().contains("target"), cause.toString());
    }

    /** Calls {@code function} from {@code cursor} until the cursor is null: read, written, calls. */
    private static int[] loop(String function, String request, String cursor) {
        int[] totals = new int[3];
        for (String next = cursor; next != null; totals[2]++) {
            JsonPath result = call(function, request + ", \"cursor\": \"" + next + "\"}");
            assertEquals(0, result.getInt("failed"));
            totals[0] += result.getInt("read");
            totals[1] += result.getInt("written");
            next = result.getString("cursor");
            assertTrue(totals[2] < 1000, "the slice ends");
        }
        return totals;
    }

    private static List<String> scanAll(String cursor, String fields) {
        List<String> ids = new ArrayList<>();
        for (String next = cursor; next != null;) {
            JsonPath page = call("/scan", "{\"cursor\": \"" + next + "\"" + fields + "}");
            ids.addAll(page.getList("hits.id"));
            next = page.getString("cursor");
        }
        return ids;
    }

    private void source(int documents) {
        cluster.recreateIndexWith(SOURCE, "{\"settings\": {\"number_of_shards\": 3, \"number_of_replicas\": 0}, "
                + "\"mappings\": {\"properties\": {\"n\": {\"type\": \"integer\"}}}}");
        cluster.bulkIndex(SOURCE, documents, i -> "{\"n\": " + i + ", \"text\": \"document " + i + "\"}");
    }

    private static JsonPath call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post(function)
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    private static void refused(String function, String body, String reason) {
        given().contentType(ContentType.JSON).body(body).post(function)
                .then().log().ifValidationFails().statusCode(400).body("error.reason", containsString(reason));
    }

    /** The point-in-time a cursor reads through (its JSON, before the signature). */
    private static String pointInTime(String cursor) throws Exception {
        String json = new String(Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))),
                StandardCharsets.UTF_8);
        return new ObjectMapper().readTree(json).path("pit").asText();
    }
}
