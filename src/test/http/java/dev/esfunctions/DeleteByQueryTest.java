package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Delete by query against the test Elasticsearch, whose minimal distribution has no _delete_by_query: the ids are
 * scanned and deleted in bulk. {@code OpenSearchDeleteByQueryTest} runs the same cases where the endpoint exists.
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
