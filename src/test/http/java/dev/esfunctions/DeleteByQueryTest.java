package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Delete by query against the test Elasticsearch, whose minimal distribution has no _delete_by_query: the ids are
 * scanned and deleted in bulk. {@code OpenSearchDeleteByQueryTest} runs the same cases where the endpoint exists, and
 * the smoke suites where each server answers its missing endpoint in its own way (Elasticsearch 7 routes it to
 * indexing a document).
 */
@QuarkusTest
class DeleteByQueryTest {

    static final String INDEX = "delete-by-query";

    @Inject
    TestCluster cluster;

    @BeforeEach
    void threeHundredDocuments() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"category\": {\"type\": \"keyword\"}}}");
        cluster.bulkIndex(INDEX, 3000, i -> "{\"category\": \"" + (i % 3 == 0 ? "a" : "b") + "\"}");
    }

    @Test
    void deletesWhatTheQueryMatches() {
        deleteByQuery("{\"index\": \"delete-by-query\", \"query\": {\"term\": {\"category\": \"a\"}}, \"refresh\": true}")
                .statusCode(200)
                .body("total", equalTo(1000)).body("deleted", equalTo(1000)).body("notFound", equalTo(0))
                .body("failed", equalTo(0));
        assertEquals(2000, cluster.count(INDEX));
    }

    /**
     * Whether or not the cluster has the endpoint (learnt on a process's first delete), the matching documents of a
     * three-shard index go, and a second delete finds none; a missing index is a 404, and no index comes of it (Elasticsearch 7 would create one for a document indexed under the type
     * _delete_by_query, were the request not refused first).
     */
    @Test
    void deletesOverSeveralShardsWhetherOrNotTheClusterHasTheEndpoint() {
        cluster.deleteIndex("delete-by-query-missing");
        deleteByQuery("{\"index\": \"delete-by-query-missing\", \"query\": {\"term\": {\"category\": \"a\"}}}")
                .statusCode(404).body("error.type", equalTo("index_not_found_exception"))
                .body("error.reason", containsString("no such index [delete-by-query-missing]"));
        assertThrows(UncheckedIOException.class, () -> cluster.count("delete-by-query-missing"));
        cluster.recreateIndexWith("delete-by-query-shards", """
                {"settings": {"number_of_shards": 3, "number_of_replicas": 0},
                 "mappings": {"properties": {"category": {"type": "keyword"}}}}""");
        cluster.bulkIndex("delete-by-query-shards", 2000, i -> "{\"category\": \"" + (i % 4 == 0 ? "a" : "b") + "\"}");
        String delete = "{\"index\": \"delete-by-query-shards\", \"query\": {\"term\": {\"category\": \"a\"}}, "
                + "\"refresh\": true}";
        deleteByQuery(delete).statusCode(200).body("deleted", equalTo(500)).body("failed", equalTo(0));
        deleteByQuery(delete).statusCode(200).body("total", equalTo(0));
        assertEquals(1500, cluster.count("delete-by-query-shards"));
    }

    @Test
    void matchAllMustBeAskedFor() {
        deleteByQuery("{\"index\": \"delete-by-query\", \"query\": {}}")
                .statusCode(400).body("error.reason", containsString("allowMatchAll"));
        deleteByQuery("{\"index\": \"delete-by-query\", \"query\": {\"match_all\": {}}}")
                .statusCode(400).body("error.reason", containsString("allowMatchAll"));
        assertEquals(3000, cluster.count(INDEX));
        deleteByQuery("{\"index\": \"delete-by-query\", \"query\": {}, \"allowMatchAll\": true, \"refresh\": true}")
                .statusCode(200).body("deleted", equalTo(3000));
        assertEquals(0, cluster.count(INDEX));
    }

    @Test
    void idsAndQueryTogetherAreRefused() {
        deleteByQuery("{\"index\": \"delete-by-query\", \"ids\": [\"1\"], \"query\": {\"term\": {\"category\": \"a\"}}}")
                .statusCode(400).body("error.type", equalTo("invalid_request"));
    }

    static ValidatableResponse deleteByQuery(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/delete").then().log().ifValidationFails();
    }
}
