package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class UpsertModesTest {

    private static final String INDEX = "upsert-modes";

    @Inject
    TestCluster cluster;

    @BeforeEach
    void oneStoredDocument() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.index(INDEX, "1", "{\"name\": \"laptop\", \"price\": 999}");
    }

    @Test
    void replaceMakesTheDocumentExactlyTheBody() {
        upsert("{\"index\": \"upsert-modes\", \"mode\": \"replace\", \"docs\": [{\"_id\": \"1\", \"stock\": 3}, {\"_id\": \"2\", \"n\": 2}]}")
                .statusCode(200).body("updated", equalTo(1)).body("created", equalTo(1));
        assertEquals("{\"stock\":3}", cluster.source(INDEX, "1").toString());
    }

    @Test
    void createRefusesAnExistingIdAndCreatesTheOthers() {
        upsert("{\"index\": \"upsert-modes\", \"mode\": \"create\", \"docs\": [{\"_id\": \"1\", \"n\": 1}, {\"_id\": \"2\", \"n\": 2}]}")
                .statusCode(200)
                .body("created", equalTo(1)).body("failed", equalTo(1))
                .body("errors[0].id", equalTo("1"))
                .body("errors[0].status", equalTo(409))
                .body("errors[0].type", equalTo("version_conflict_engine_exception"));
        assertEquals("laptop", cluster.source(INDEX, "1").path("name").asText());
    }

    @Test
    void routingIsTakenOutOfTheBodyAndApplied() {
        upsert("{\"index\": \"upsert-modes\", \"docs\": [{\"_id\": \"r\", \"_routing\": \"tenant-a\", \"n\": 1}]}")
                .statusCode(200).body("created", equalTo(1));
        JsonNode stored = cluster.perform("GET", "/" + INDEX + "/_doc/r?routing=tenant-a", null);
        assertEquals("tenant-a", stored.path("_routing").asText());
        assertEquals("{\"n\":1}", stored.path("_source").toString());
    }

    @Test
    void optimisticConcurrencyAcceptsTheCurrentVersionAndRefusesAStaleOne() {
        JsonNode current = cluster.get(INDEX, "1");
        long seqNo = current.path("_seq_no").asLong();
        long primaryTerm = current.path("_primary_term").asLong();
        String guarded = "{\"_id\": \"1\", \"_ifSeqNo\": " + seqNo + ", \"_ifPrimaryTerm\": " + primaryTerm;
        upsert("{\"index\": \"upsert-modes\", \"docs\": [" + guarded + ", \"price\": 899}]}")
                .statusCode(200).body("updated", equalTo(1));
        upsert("{\"index\": \"upsert-modes\", \"docs\": [" + guarded + ", \"price\": 1}]}")
                .statusCode(200)
                .body("failed", equalTo(1))
                .body("errors[0].id", equalTo("1"))
                .body("errors[0].status", equalTo(409))
                .body("errors[0].type", equalTo("version_conflict_engine_exception"))
                .body("errors[0].reason", containsString("[1]"));
        assertEquals(899, cluster.source(INDEX, "1").path("price").asInt());
        upsert("{\"index\": \"upsert-modes\", \"docs\": [{\"_id\": \"1\", \"_ifSeqNo\": 1, \"price\": 1}]}")
                .statusCode(200).body("errors[0].type", equalTo("invalid_metadata"));
    }

    @Test
    void mappingErrorInTheMiddleOfALargeUpsertFailsOnlyThatDocument() {
        String docs = IntStream.range(0, 5000)
                .mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + (i == 2500 ? "\"not a number\"" : i) + "}")
                .collect(Collectors.joining(","));
        upsert("{\"index\": \"upsert-modes\", \"batchSize\": 500, \"docs\": [" + docs + "]}")
                .statusCode(200)
                .body("total", equalTo(5000)).body("succeeded", equalTo(4999)).body("failed", equalTo(1))
                .body("batches", equalTo(10))
                .body("errors", hasSize(1)).body("errors[0].id", equalTo("2500"));
        assertEquals(4999, cluster.count(INDEX), "all but the refused one, the stored document 1 merged");
        assertNull(cluster.source(INDEX, "2500"));
    }

    @Test
    void tuningFieldsAreChecked() {
        upsert("{\"index\": \"upsert-modes\", \"mode\": \"overwrite\", \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(400).body("error.reason", containsString("'mode'"));
        upsert("{\"index\": \"upsert-modes\", \"concurrency\": 1000, \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(400).body("error.reason", containsString("es-functions.limits.max-concurrency"));
        upsert("{\"index\": \"upsert-modes\", \"batchSize\": 0, \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(400).body("error.reason", containsString("'batchSize' must be at least 1"));
    }

    private static ValidatableResponse upsert(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/upsert").then().log().ifValidationFails();
    }
}
