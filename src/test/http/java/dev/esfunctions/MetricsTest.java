package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class MetricsTest {

    @Inject
    TestCluster cluster;

    @Test
    void functionsDocumentsBulkAndClusterRequestsAreMeasuredInPrometheusFormat() {
        cluster.recreateIndex("metrics", "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        given().contentType(ContentType.JSON)
                .body("{\"index\": \"metrics\", \"docs\": [{\"_id\": \"1\", \"n\": 1}, {\"_id\": \"2\", \"n\": \"x\"}]}")
                .post("/upsert").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"index\": \"metrics-missing\"}").post("/search")
                .then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("esfunctions_function_requests_seconds_count{error_type=\"none\",function=\"upsert\",outcome=\"success\"}"))
                .body(containsString("esfunctions_function_requests_seconds_count{error_type=\"index_not_found_exception\",function=\"search\",outcome=\"error\"}"))
                .body(matchesPattern("(?s).*esfunctions_documents_total\\{outcome=\"succeeded\"} [1-9].*"))
                .body(matchesPattern("(?s).*esfunctions_documents_total\\{outcome=\"failed\"} [1-9].*"))
                .body(containsString("esfunctions_bulk_requests_seconds_count{outcome=\"items_failed\"}"))
                .body(containsString("esfunctions_bulk_concurrency_count{which=\"lowest\"}"))
                .body(containsString("esfunctions_cluster_requests_seconds_count{method=\"POST\",status=\"404\"}"));
    }
}
