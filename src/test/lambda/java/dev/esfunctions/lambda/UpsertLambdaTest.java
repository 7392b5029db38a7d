package dev.esfunctions.lambda;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LambdaProfiles.Upsert.class)
class UpsertLambdaTest {

    @Inject
    TestCluster cluster;

    @Test
    void upsertAnswersTheSameContractAsOverHttp() {
        cluster.deleteIndex("lambda-upsert");
        MockEventServer.invoke("""
                {"index": "lambda-upsert", "refresh": "wait_for",
                 "docs": [{"_id": "1", "name": "laptop"}, {"_id": "2", "name": "mouse"}, {"name": "no id"}]}
                """)
                .statusCode(200)
                .body("total", equalTo(3)).body("succeeded", equalTo(2)).body("created", equalTo(2))
                .body("failed", equalTo(1)).body("errors[0].type", equalTo("missing_id"));
        assertEquals(2, cluster.count("lambda-upsert"));
    }

    /**
     * The event is read as a stream, so that a document goes to the cluster as the bytes it came as; replaced, as an
     * update would have the cluster rewrite the source it merges.
     */
    @Test
    void aDocumentIsWrittenAsItCameEveryDigitAndEscapeKept() {
        cluster.deleteIndex("lambda-upsert-bytes");
        MockEventServer.invoke("""
                {"index": "lambda-upsert-bytes", "mode": "replace", "docs": [
                  {"name": "caf\\u00e9", "_id": "exact", "weight": 12345678901234567890.10}]}
                """)
                .statusCode(200).body("created", equalTo(1));
        String stored = cluster.rawSource("lambda-upsert-bytes", "exact");
        assertTrue(stored.contains("\"name\": \"caf\\u00e9\""), stored);
        assertTrue(stored.contains("\"weight\": 12345678901234567890.10"), stored);
        assertFalse(stored.contains("_id"), stored);
    }

    @Test
    void aRequestErrorIsAFunctionErrorCarryingTheErrorContract() {
        MockEventServer.invoke("{\"index\": \"Not-Valid\", \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(500)
                .body("errorMessage", equalTo("{\"error\":{\"status\":400,\"type\":\"invalid_index_name\","
                        + "\"reason\":\"field 'index' is not a valid index name: 'Not-Valid' must be lowercase\"}}"));
    }
}
