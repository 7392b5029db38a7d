package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Documents the cluster refuses for good go to a dead-letter index, each with its error, and a copy replays them once
 * the cause is fixed; nothing else goes there (a 429), and a dead-letter index that refuses them leaves the documents
 * failed with their own errors. Through a proxy, which can reject items as busy and counts the requests; no retries,
 * so that a rejected item stays rejected. Writes are allowed to 'dl-*' and 'dead-*' only, and 'dead-default' is the
 * deployment's dead-letter index.
 */
@QuarkusTest
@TestProfile(DeadLetterTest.Profile.class)
class DeadLetterTest {

    private static final Logger LOG = Logger.getLogger(DeadLetterTest.class);
    private static final String TARGET = "dl-products";
    private static final String DEAD = "dead-letters";
    private static final String PRICE_IS_LONG = "{\"properties\": {\"price\": {\"type\": \"long\"}}}";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxyPort = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxyPort,
                    "es-functions.bulk.max-retries", "0",
                    "es-functions.indices.write", "dl-*,dead-*",
                    "es-functions.dead-letter.index", "dead-default");
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void freshIndices() {
        FaultInjectingProxy.reset();
        cluster.recreateIndex(TARGET, PRICE_IS_LONG);
        for (String index : new String[] { DEAD, "dead-default", "dead-copy", "dead-batch", "dead-closed" }) {
            cluster.deleteIndex(index);
        }
    }

    @Test
    void aMappingConflictOn2000Of10000DocumentsLeaves2000DeadLettersAndACopyReplaysThem() {
        Instant before = Instant.now();
        JsonPath answer = upsert("{\"index\": \"dl-products\", \"mode\": \"replace\", \"deadLetterIndex\": \"dead-letters\", "
                + "\"docs\": [" + documents(10_000) + "]}").statusCode(200).extract().jsonPath();
        Instant after = Instant.now();
        LOG.infof("10,000 documents, 2,000 refused and dead-lettered: %d ms, %d _bulk requests (the dead letters' "
                + "included)", answer.getLong("took"), FaultInjectingProxy.bulkRequests());
        assertEquals(10_000, answer.getInt("total"));
        assertEquals(8_000, answer.getInt("succeeded"));
        assertEquals(2_000, answer.getInt("failed"));
        assertEquals(2_000, answer.getInt("deadLettered"));
        assertEquals(0, answer.getInt("deadLetterFailed"));
        assertEquals(0, answer.getList("deadLetterErrors").size());
        String refusal = answer.getString("errors[0].type");
        assertTrue(refusal.equals("document_parsing_exception") || refusal.equals("mapper_parsing_exception"), refusal);

        cluster.refresh(DEAD);
        assertEquals(2_000, cluster.count(DEAD));
        JsonNode letters = cluster.perform("POST", "/" + DEAD + "/_search",
                "{\"size\": 10000, \"query\": {\"term\": {\"dead_letter.error.type\": \"" + refusal + "\"}}}")
                .path("hits").path("hits");
        assertEquals(2_000, letters.size(), "every dead letter found by its error type");
        Set<String> ids = new HashSet<>();
        Set<String> requestIds = new HashSet<>();
        for (JsonNode hit : letters) {
            JsonNode source = hit.path("_source");
            JsonNode letter = source.path("dead_letter");
            String id = letter.path("id").asText();
            int n = Integer.parseInt(id);
            assertEquals(0, n % 5, "only the conflicting documents: " + id);
            assertEquals("not a number " + n, source.path("price").asText(), "the source as it was sent");
            assertEquals("item " + n, source.path("name").asText());
            assertEquals(TARGET, letter.path("index").asText());
            assertEquals("upsert", letter.path("function").asText());
            assertEquals("index", letter.path("action").asText());
            assertEquals(400, letter.path("error").path("status").asInt());
            assertTrue(letter.path("error").path("reason").asText().contains("price"), letter.toString());
            Instant time = Instant.parse(letter.path("time").asText());
            assertFalse(time.isBefore(before.minusMillis(1)) || time.isAfter(after), time.toString());
            assertFalse(letter.has("trace_id"), "no tracer, no trace id");
            ids.add(id);
            requestIds.add(letter.path("request_id").asText());
        }
        assertEquals(2_000, ids.size(), "one dead letter per refused document");
        given().get("/q/metrics").then().statusCode(200).body(matchesPattern(
                "(?s).*esfunctions_documents_total\\{outcome=\"dead_lettered\"} [2-9][0-9]{3}\\.0.*"));
        assertEquals(1, requestIds.size(), "the call's request id: " + requestIds);
        UUID.fromString(requestIds.iterator().next());

        // The cause fixed (a malformed price is now ignored), the dead letters are copied back under their ids.
        cluster.perform("PUT", "/" + TARGET + "/_mapping",
                "{\"properties\": {\"price\": {\"type\": \"long\", \"ignore_malformed\": true}}}");
        call("copy", "{\"index\": \"dead-letters\", \"target\": \"dl-products\", \"query\": {\"term\": "
                + "{\"dead_letter.index\": \"dl-products\"}}, \"exclude\": [\"dead_letter\"], \"idFrom\": \"dead_letter.id\", "
                + "\"refresh\": true}")
                .statusCode(200).body("read", equalTo(2_000)).body("written", equalTo(2_000)).body("failed", equalTo(0))
                .body("deadLettered", equalTo(0)).body("cursor", equalTo(null));
        assertEquals(10_000, cluster.count(TARGET));
        for (String id : new String[] { "0", "5", "9995" }) {
            JsonNode replayed = cluster.source(TARGET, id);
            assertEquals("not a number " + id, replayed.path("price").asText(), id);
            assertEquals("item " + id, replayed.path("name").asText(), id);
            assertFalse(replayed.has("dead_letter"), id + ": " + replayed);
        }
    }

    @Test
    void aSecondCallsDeadLettersAreItsOwnAndTheDeploymentsIndexIsTheDefault() {
        for (int call = 0; call < 2; call++) {
            upsert("{\"index\": \"dl-products\", \"docs\": [" + documents(10) + "]}").statusCode(200)
                    .body("failed", equalTo(2)).body("deadLettered", equalTo(2));
        }
        cluster.refresh("dead-default");
        JsonNode letters = cluster.perform("POST", "/dead-default/_search", "{\"size\": 10}").path("hits").path("hits");
        assertEquals(4, letters.size(), "a merge's refused documents, twice: two calls, four letters");
        Set<String> calls = new HashSet<>();
        letters.forEach(hit -> calls.add(hit.path("_source").path("dead_letter").path("request_id").asText()));
        assertEquals(2, calls.size());
        assertEquals("update", letters.get(0).path("_source").path("dead_letter").path("action").asText(),
                "a merge: the letter holds the partial document");
    }

    @Test
    void aDocumentRejectedAsBusyIsFailedButNeverDeadLettered() {
        FaultInjectingProxy.rejectItemEvery(5);
        String docs = IntStream.range(0, 50).mapToObj(i -> "{\"_id\": \"" + i + "\", \"price\": " + i + "}")
                .collect(Collectors.joining(","));
        upsert("{\"index\": \"dl-products\", \"deadLetterIndex\": \"dead-letters\", \"docs\": [" + docs + "]}")
                .statusCode(200).body("failed", equalTo(10)).body("errors[0].status", equalTo(429))
                .body("deadLettered", equalTo(0)).body("deadLetterFailed", equalTo(0));
        assertEquals(1, FaultInjectingProxy.bulkRequests(), "no request to the dead-letter index");
        assertEquals(404, status("GET", "/" + DEAD), "nor was it created");
    }

    @Test
    void aDeadLetterIndexOutsideTheWriteAllowlistIsRefusedBeforeAnythingIsWritten() {
        call("upsert", "{\"index\": \"dl-products\", \"deadLetterIndex\": \"elsewhere\", \"docs\": [" + documents(10) + "]}")
                .statusCode(403).body("error.type", equalTo("index_not_allowed"))
                .body("error.reason", containsString("field 'deadLetterIndex': 'elsewhere' is outside"))
                .body("error.reason", containsString("es-functions.indices.write"));
        call("copy", "{\"index\": \"dl-products\", \"target\": \"dl-other\", \"deadLetterIndex\": \"elsewhere\"}")
                .statusCode(403).body("error.reason", containsString("field 'deadLetterIndex'"));
        call("upsert", "{\"index\": \"dl-products\", \"deadLetterIndex\": \"dl-products\", \"docs\": [" + documents(10)
                + "]}").statusCode(400).body("error.reason", containsString("name an index of its own"));
        assertEquals(0, FaultInjectingProxy.bulkRequests());
        assertEquals(0, cluster.count(TARGET));
    }

    @Test
    void aCopyWritesEachPagesDeadLettersWithThePage() {
        cluster.recreateIndex("dl-source", "{\"properties\": {\"price\": {\"type\": \"keyword\"}}}");
        cluster.bulkIndex("dl-source", 100, i -> "{\"price\": \"" + (i % 4 == 0 ? "n/a" : String.valueOf(i)) + "\"}");
        String copy = "{\"index\": \"dl-source\", \"target\": \"dl-products\", \"size\": 30, \"batchSize\": 7, "
                + "\"maxDurationMs\": 1, \"deadLetterIndex\": \"dead-copy\"";
        // One page a call: when a call answers, its page's dead letters are written, and none of a page not read.
        JsonPath first = call("copy", copy + "}").statusCode(200).extract().jsonPath();
        assertTrue(first.getInt("read") < 100, "stopped after a page");
        assertEquals(first.getInt("failed"), first.getInt("deadLettered"));
        assertEquals(first.getInt("deadLettered"), cluster.count("dead-copy"));
        int read = first.getInt("read");
        int deadLettered = first.getInt("deadLettered");
        String cursor = first.getString("cursor");
        while (cursor != null) {
            JsonPath next = call("copy", copy + ", \"cursor\": \"" + cursor + "\"}").statusCode(200).extract().jsonPath();
            read += next.getInt("read");
            deadLettered += next.getInt("deadLettered");
            assertEquals(deadLettered, cluster.count("dead-copy"));
            cursor = next.getString("cursor");
        }
        assertEquals(100, read);
        assertEquals(25, deadLettered);
        assertEquals(75, cluster.count(TARGET));
        JsonNode letters = cluster.perform("POST", "/dead-copy/_search", "{\"size\": 100}").path("hits").path("hits");
        assertEquals(25, letters.size());
        for (JsonNode hit : letters) {
            JsonNode letter = hit.path("_source").path("dead_letter");
            assertEquals("copy", letter.path("function").asText());
            assertEquals(0, Integer.parseInt(letter.path("id").asText()) % 4);
            assertEquals("n/a", hit.path("_source").path("price").asText());
        }
    }

    @Test
    void aBatchsDeadLetterIndexIsItsUpsertsUnlessTheyNameTheirOwn() {
        String refusing = "{\"upsert\": {\"index\": \"dl-products\", \"docs\": [" + documents(10) + "]}}";
        JsonPath answer = call("batch", "{\"deadLetterIndex\": \"dead-batch\", \"operations\": [" + refusing + ", "
                + refusing + ", {\"upsert\": {\"index\": \"dl-products\", \"deadLetterIndex\": \"dead-letters\", "
                + "\"docs\": [{\"_id\": \"x\", \"price\": \"x\"}]}}]}")
                .statusCode(200).extract().jsonPath();
        assertEquals(2, answer.getInt("results[0].upsert.deadLettered"));
        assertEquals(2, answer.getInt("results[1].upsert.deadLettered"));
        assertEquals(1, answer.getInt("results[2].upsert.deadLettered"));
        assertEquals(4, cluster.count("dead-batch"), "two operations of one call, one request id: four letters");
        assertEquals(1, cluster.count(DEAD));
    }

    @Test
    void aDeadLetterIndexThatRefusesThemLeavesTheDocumentsFailedWithTheirOwnErrors() {
        cluster.recreateIndex("dead-closed", "{}");
        cluster.perform("POST", "/dead-closed/_close", null);
        upsert("{\"index\": \"dl-products\", \"mode\": \"replace\", \"deadLetterIndex\": \"dead-closed\", \"docs\": ["
                + documents(10) + "]}")
                .statusCode(200).body("succeeded", equalTo(8)).body("failed", equalTo(2))
                .body("deadLettered", equalTo(0)).body("deadLetterFailed", equalTo(2))
                .body("errors.id", equalTo(List.of("0", "5")))
                .body("errors[0].reason", containsString("price"))
                .body("deadLetterErrors.id", equalTo(List.of("0", "5")))
                .body("deadLetterErrors[0].type", equalTo("index_closed_exception"))
                .body("deadLetterErrors[0].reason", containsString("its dead letter was not written to 'dead-closed'"));
        assertNotEquals(0, FaultInjectingProxy.bulkRequests());
    }

    /** {@code count} documents, ids 0..count-1; every fifth has a price that is not a number. */
    private static String documents(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"_id\": \"" + i + "\", \"name\": \"item " + i + "\", \"price\": "
                + (i % 5 == 0 ? "\"not a number " + i + "\"" : String.valueOf(i)) + "}").collect(Collectors.joining(","));
    }

    private int status(String method, String endpoint) {
        try {
            cluster.perform(method, endpoint, null);
            return 200;
        } catch (RuntimeException e) {
            return e.getMessage() != null && e.getMessage().contains("404") ? 404 : 500;
        }
    }

    private static ValidatableResponse upsert(String body) {
        return call("upsert", body);
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
