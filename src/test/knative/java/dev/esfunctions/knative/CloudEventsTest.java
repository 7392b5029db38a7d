package dev.esfunctions.knative;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The functions as Knative event consumers: CloudEvents in binary and structured content modes, routed by type. */
@QuarkusTest
class CloudEventsTest {

    private static final String INDEX = "knative-events";

    @Inject
    TestCluster cluster;

    @BeforeEach
    void emptyIndex() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
    }

    @Test
    void binaryModeEventsRouteByTypeAndAnswerWithOutputEvents() {
        binary("dev.esfunctions.upsert")
                .body("{\"index\": \"knative-events\", \"refresh\": \"wait_for\", \"docs\": [{\"_id\": \"1\", \"n\": 1}, {\"_id\": \"2\", \"n\": 2}]}")
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.upsert.output")
                .header("ce-source", "es-functions")
                .header("ce-id", notNullValue())
                .body("created", equalTo(2)).body("failed", equalTo(0));
        binary("dev.esfunctions.search").body("{\"index\": \"knative-events\", \"sort\": [{\"n\": \"desc\"}]}").post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.search.output")
                .body("total.value", equalTo(2)).body("hits[0].id", equalTo("2"));
        binary("dev.esfunctions.delete").body("{\"index\": \"knative-events\", \"ids\": [\"1\", \"9\"], \"refresh\": true}")
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.delete.output")
                .body("deleted", equalTo(1)).body("notFound", equalTo(1));
        assertEquals(1, cluster.count(INDEX));
    }

    @Test
    void scanCopyAndBatchAreEventConsumersToo() {
        cluster.bulkIndex(INDEX, 30, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex("knative-copy");
        binary("dev.esfunctions.copy").body("{\"index\": \"knative-events\", \"target\": \"knative-copy\", \"refresh\": true}")
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.copy.output")
                .body("read", equalTo(30)).body("written", equalTo(30));
        binary("dev.esfunctions.scan").body("{\"index\": \"knative-copy\", \"size\": 100}").post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.scan.output")
                .body("hits.size()", equalTo(30));
        binary("dev.esfunctions.batch").body("{\"operations\": [{\"search\": {\"index\": \"knative-copy\", \"size\": 0}}]}")
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.batch.output")
                .body("results[0].search.total.value", equalTo(30));
    }

    @Test
    void anEventNamesItsDeadLetterIndexAndTheReplyCountsItsDeadLetters() {
        cluster.deleteIndex("knative-dead");
        binary("dev.esfunctions.upsert").body("{\"index\": \"knative-events\", \"deadLetterIndex\": \"knative-dead\", "
                + "\"docs\": [{\"_id\": \"1\", \"n\": 1}, {\"_id\": \"2\", \"n\": \"two\"}]}").post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.upsert.output")
                .body("failed", equalTo(1)).body("deadLettered", equalTo(1));
        assertEquals(1, cluster.count("knative-dead"));
        assertEquals("2", cluster.perform("POST", "/knative-dead/_search", "{}").path("hits").path("hits").path(0)
                .path("_source").path("dead_letter").path("id").asText());
    }

    @Test
    void structuredModeEventsAreServedToo() {
        given().contentType("application/cloudevents+json").body("""
                {"specversion": "1.0", "id": "evt-1", "source": "/etl/loader", "type": "dev.esfunctions.upsert",
                 "datacontenttype": "application/json",
                 "data": {"index": "knative-events", "refresh": "wait_for", "docs": [{"_id": "s", "n": 7}]}}
                """).post("/")
                .then().statusCode(200)
                .body("type", equalTo("dev.esfunctions.upsert.output"))
                .body("source", equalTo("es-functions"))
                .body("data.created", equalTo(1));
        assertEquals(7, cluster.source(INDEX, "s").path("n").asInt());
    }

    @Test
    void aFailedEventIsAnsweredWithAnErrorEventAndTheErrorContract() {
        binary("dev.esfunctions.search").body("{\"index\": \"knative-no-such-index\"}").post("/")
                .then().statusCode(404)
                .header("ce-type", "dev.esfunctions.error")
                .body("error.status", equalTo(404))
                .body("error.type", equalTo("index_not_found_exception"));
        binary("dev.esfunctions.upsert").body("{\"index\": \"knative-events\", \"dcos\": []}").post("/")
                .then().statusCode(400)
                .header("ce-type", "dev.esfunctions.error")
                .body("error.reason", equalTo("field 'dcos' is unknown; the accepted fields are adaptiveConcurrency, "
                        + "batchBytes, batchSize, concurrency, deadLetterIndex, docs, index, mode, pipeline, refresh, timeoutMs"));
    }

    private static RequestSpecification binary(String type) {
        return given().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0")
                .header("ce-id", "evt-" + System.nanoTime())
                .header("ce-source", "/etl/loader")
                .header("ce-type", type)
                .log().ifValidationFails();
    }
}
