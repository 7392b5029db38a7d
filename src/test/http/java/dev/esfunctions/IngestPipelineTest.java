package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * An upsert's {@code pipeline} runs the documents through that ingest pipeline, and a document it refuses is
 * dead-lettered as it was sent. On OpenSearch, whose ingest-common
 * module has processors (the minimal Elasticsearch has none), so that the pipeline visibly changes the document.
 */
@QuarkusTest
@TestProfile(OnOpenSearch.class)
class IngestPipelineTest {

    private static final Logger LOG = Logger.getLogger(IngestPipelineTest.class);
    private static final String INDEX = "ingest-pipeline";

    @Inject
    TestCluster cluster;

    @Test
    void thePipelineChangesTheDocumentsAndAMissingOneFailsEachDocument() {
        cluster.recreateIndex(INDEX, "{}");
        cluster.perform("PUT", "/_ingest/pipeline/es-functions-test",
                "{\"processors\": [{\"set\": {\"field\": \"ingested\", \"value\": \"by es-functions-test\"}}]}");
        for (String mode : new String[] { "replace", "create" }) {
            upsert("{\"index\": \"ingest-pipeline\", \"mode\": \"" + mode + "\", \"pipeline\": \"es-functions-test\", "
                    + "\"docs\": [{\"_id\": \"" + mode + "\", \"n\": 1}]}")
                    .statusCode(200).body("created", equalTo(1));
            assertEquals("by es-functions-test", cluster.source(INDEX, mode).path("ingested").asText(), mode);
        }
        // The cluster runs no pipeline for a partial update: asking for one is refused rather than silently skipped.
        upsert("{\"index\": \"ingest-pipeline\", \"pipeline\": \"es-functions-test\", \"docs\": [{\"_id\": \"m\"}]}")
                .statusCode(400).body("error.reason", containsString("replace and create"));
        assertNull(cluster.source(INDEX, "m"));
        upsert("{\"index\": \"ingest-pipeline\", \"mode\": \"replace\", \"pipeline\": \"no-such-pipeline\", "
                + "\"docs\": [{\"_id\": \"q\", \"n\": 1}]}")
                .statusCode(200).body("failed", equalTo(1)).body("errors[0].reason", containsString("no-such-pipeline"));
        assertNull(cluster.source(INDEX, "q"));
    }

    @Test
    void documentsThePipelineRefusesAreDeadLetteredAndTheirLettersSkipThePipeline() {
        cluster.recreateIndex(INDEX, "{}");
        cluster.perform("PUT", "/_ingest/pipeline/es-functions-convert",
                "{\"processors\": [{\"convert\": {\"field\": \"n\", \"type\": \"integer\"}}]}");
        cluster.perform("PUT", "/_ingest/pipeline/es-functions-fail",
                "{\"processors\": [{\"fail\": {\"message\": \"refused by the pipeline\"}}]}");
        for (String pipeline : new String[] { "es-functions-convert", "es-functions-fail", "no-such-pipeline" }) {
            cluster.deleteIndex("ingest-dead");
            ValidatableResponse answer = upsert("{\"index\": \"ingest-pipeline\", \"mode\": \"replace\", \"pipeline\": \""
                    + pipeline + "\", \"deadLetterIndex\": \"ingest-dead\", \"docs\": [{\"_id\": \"bad\", \"n\": \"x\"}]}")
                    .statusCode(200).body("failed", equalTo(1)).body("deadLettered", equalTo(1));
            String type = answer.extract().path("errors[0].type");
            LOG.infof("%s refused a document: %d %s", pipeline, answer.extract().<Integer>path("errors[0].status"), type);
            cluster.refresh("ingest-dead");
            JsonNode letter = cluster.source("ingest-dead", cluster.perform("POST", "/ingest-dead/_search?size=1", "{}")
                    .path("hits").path("hits").path(0).path("_id").asText());
            assertEquals("x", letter.path("n").asText(), pipeline + ": the source as sent, no pipeline ran on it");
            assertEquals(type, letter.path("dead_letter").path("error").path("type").asText(), pipeline);
            assertEquals("bad", letter.path("dead_letter").path("id").asText(), pipeline);
        }
    }

    private static ValidatableResponse upsert(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/upsert").then().log().ifValidationFails();
    }
}
