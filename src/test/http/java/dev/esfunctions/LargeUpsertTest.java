package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** 100,000 documents of about 1 KB in ten requests, with the heap of the whole test JVM capped at 256 MB (pom.xml). */
@QuarkusTest
class LargeUpsertTest {

    private static final String INDEX = "large-upsert";
    private static final int REQUESTS = 10;
    private static final int DOCS_PER_REQUEST = 10_000;

    @Inject
    TestCluster cluster;

    @Test
    void hundredThousandDocumentsLandInABoundedHeap() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 256L * 1024 * 1024, "the test runs with -Xmx256m, not " + maxHeap);
        cluster.recreateIndex(INDEX, "{\"properties\": {\"text\": {\"type\": \"keyword\", \"index\": false}}}");
        String text = "x".repeat(960);
        for (int request = 0; request < REQUESTS; request++) {
            StringBuilder body = new StringBuilder(DOCS_PER_REQUEST * 1024).append("{\"index\": \"large-upsert\", \"docs\": [");
            for (int i = 0; i < DOCS_PER_REQUEST; i++) {
                int n = request * DOCS_PER_REQUEST + i;
                body.append(i == 0 ? "" : ",").append("{\"_id\": \"").append(n).append("\", \"n\": ").append(n)
                        .append(", \"text\": \"").append(text).append("\"}");
            }
            given().contentType(ContentType.JSON).body(body.append("]}").toString()).post("/upsert")
                    .then().statusCode(200)
                    .body("succeeded", equalTo(DOCS_PER_REQUEST)).body("failed", equalTo(0));
        }
        assertEquals(REQUESTS * DOCS_PER_REQUEST, cluster.count(INDEX));
        cluster.deleteIndex(INDEX);
    }
}
