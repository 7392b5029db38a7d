package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class BatchFunctionTest {

    @Inject
    TestCluster cluster;

    @Test
    void operationsRunTogetherAndEachAnswersInInputOrderWithItsResultOrItsError() {
        cluster.recreateIndex("batch-a", "{}");
        cluster.recreateIndex("batch-b", "{}");
        cluster.bulkIndex("batch-b", 10, i -> "{\"n\": " + i + "}");
        // Search and scan read an index of their own: the operations run at the same time, and the delete changes batch-b.
        cluster.recreateIndex("batch-c", "{}");
        cluster.bulkIndex("batch-c", 10, i -> "{\"n\": " + i + "}");
        given().contentType(ContentType.JSON).body("""
                {"operations": [
                  {"upsert": {"index": "batch-a", "refresh": "wait_for", "docs": [{"_id": "1", "n": 1}, {"_id": "2", "n": 2}]}},
                  {"search": {"index": "batch-c", "size": 0}},
                  {"delete": {"index": "batch-b", "ids": ["1", "2", "404"]}},
                  {"search": {"index": "batch-no-such-index"}},
                  {"scan": {"index": "batch-c", "size": 100}},
                  {}
                ]}
                """).post("/batch")
                .then().log().ifValidationFails().statusCode(200)
                .body("results", hasSize(6))
                .body("results[0].upsert.created", equalTo(2))
                .body("results[0]", not(hasKey("error")))
                .body("results[1].search.total.value", equalTo(10))
                .body("results[2].delete.deleted", equalTo(2))
                .body("results[2].delete.notFound", equalTo(1))
                .body("results[3].error.status", equalTo(404))
                .body("results[3].error.type", equalTo("index_not_found_exception"))
                .body("results[3]", not(hasKey("search")))
                .body("results[4].scan.hits", hasSize(10))
                .body("results[5].error.type", equalTo("invalid_field"));
    }

    @Test
    void anEmptyBatchIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"operations\": []}").post("/batch")
                .then().statusCode(400).body("error.reason", equalTo(
                        "field 'operations' is required: a non-empty list of operations such as {\"search\": {...}}"));
    }
}
