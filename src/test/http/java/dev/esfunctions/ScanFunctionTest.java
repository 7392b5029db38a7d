package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanFunctionTest {

    private static final String INDEX = "scan-source";

    @Inject
    TestCluster cluster;

    @BeforeAll
    void tenThousandDocuments() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex(INDEX, 10_000, i -> "{\"n\": " + i + ", \"even\": " + (i % 2 == 0) + "}");
    }

    @Test
    void pagesOfFiveHundredSeeEveryDocumentOnceAndTheLastClosesThePointInTime() throws Exception {
        Set<String> seen = new HashSet<>();
        int calls = 0;
        String cursor = null;
        String pointInTime = null;
        do {
            JsonPath page = scan(cursor == null ? "{\"index\": \"scan-source\", \"size\": 500}"
                    : "{\"cursor\": \"" + cursor + "\"}").statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("hits.id");
            for (String id : ids) {
                assertTrue(seen.add(id), "document " + id + " seen twice");
            }
            assertTrue(ids.size() <= 500);
            cursor = page.getString("cursor");
            if (cursor != null) {
                pointInTime = pointInTimeOf(cursor);
            }
            calls++;
        } while (cursor != null);
        assertEquals(10_000, seen.size());
        assertTrue(calls == 20 || calls == 21, "pages of 500: " + calls);
        assertFalse(cluster.pointInTimeIsOpen(pointInTime), "the last page closed the scan's point-in-time");
    }

    /**
     * Across shards, a sort with ties (seven values for 3,000 documents) pages on its tiebreaker: a value that is
     * not unique across the shards (OpenSearch 2's {@code _doc}) skips documents at page boundaries.
     */
    @Test
    void aSortWithTiesOverThreeShardsReadsEveryDocumentOnce() {
        cluster.recreateIndexWith("scan-shards", """
                {"settings": {"number_of_shards": 3, "number_of_replicas": 0},
                 "mappings": {"properties": {"g": {"type": "integer"}}}}""");
        cluster.bulkIndex("scan-shards", 3000, i -> "{\"g\": " + i % 7 + "}");
        for (String sort : List.of("", ", \"sort\": [{\"g\": \"desc\"}]")) {
            Set<String> seen = new HashSet<>();
            String cursor = null;
            do {
                JsonPath page = scan(cursor == null ? "{\"index\": \"scan-shards\", \"size\": 97" + sort + "}"
                        : "{\"cursor\": \"" + cursor + "\"}").statusCode(200).extract().jsonPath();
                for (String id : page.<String>getList("hits.id")) {
                    assertTrue(seen.add(id), "document " + id + " seen twice (sort" + sort + ")");
                }
                cursor = page.getString("cursor");
            } while (cursor != null);
            assertEquals(3000, seen.size(), "every document once (sort" + sort + ")");
        }
    }

    @Test
    void queryAndSourceFilteringApplyToEveryPage() {
        JsonPath first = scan("""
                {"index": "scan-source", "size": 1000, "query": {"term": {"even": true}}, "source": ["n"],
                 "sort": [{"n": "desc"}]}
                """).statusCode(200).extract().jsonPath();
        assertEquals(9998, first.getInt("hits[0].source.n"));
        assertNull(first.get("hits[0].source.even"));
        int total = first.getList("hits").size();
        String cursor = first.getString("cursor");
        while (cursor != null) {
            JsonPath page = scan("{\"cursor\": \"" + cursor + "\", \"source\": [\"n\"]}").statusCode(200).extract()
                    .jsonPath();
            total += page.getList("hits").size();
            cursor = page.getString("cursor");
        }
        assertEquals(5000, total);
    }

    @Test
    void aCursorWhosePointInTimeIsGoneIsExpired() throws Exception {
        String cursor = scan("{\"index\": \"scan-source\", \"size\": 10}").statusCode(200).extract().path("cursor");
        cluster.closePointInTime(pointInTimeOf(cursor));
        scan("{\"cursor\": \"" + cursor + "\"}")
                .statusCode(410)
                .body("error.type", equalTo("cursor_expired"));
    }

    @Test
    void aCursorThatIsNotOneIsABadRequestAndAChangedQueryIsRefused() {
        scan("{\"cursor\": \"not-a-cursor\"}").statusCode(400).body("error.type", equalTo("invalid_cursor"));
        String cursor = scan("{\"index\": \"scan-source\", \"size\": 10}").statusCode(200).extract().path("cursor");
        scan("{\"cursor\": \"" + cursor + "\", \"query\": {\"term\": {\"even\": true}}}")
                .statusCode(400).body("error.type", equalTo("cursor_mismatch"));
    }

    private static String pointInTimeOf(String cursor) throws Exception {
        String body = cursor.contains(".") ? cursor.substring(0, cursor.indexOf('.')) : cursor;
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8))
                .path("pit").asText();
    }

    private static io.restassured.response.ValidatableResponse scan(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/scan").then().log().ifValidationFails();
    }
}
