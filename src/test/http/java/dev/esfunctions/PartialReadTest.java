package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A query that some shards cannot answer: {@code f} is a keyword in one index and an integer in the other, so a range
 * from "x" fails on every shard of the second. A search says so; scan, copy and delete by query refuse to act on the
 * part they could read.
 */
@QuarkusTest
class PartialReadTest {

    static final String QUERY = "{\"range\": {\"f\": {\"gte\": \"x\"}}}";

    @Inject
    TestCluster cluster;

    @BeforeEach
    void twoIndicesThatDisagreeOnAField() {
        cluster.recreateIndex("partial-a", "{\"properties\": {\"f\": {\"type\": \"keyword\"}}}");
        cluster.recreateIndex("partial-b", "{\"properties\": {\"f\": {\"type\": \"integer\"}}}");
        cluster.deleteIndex("partial-target");
        cluster.bulkIndex("partial-a", 3, i -> "{\"f\": \"y" + i + "\"}");
        cluster.bulkIndex("partial-b", 3, i -> "{\"f\": " + i + "}");
    }

    @Test
    void aSearchAnswersWhatTheShardsThatAnsweredFoundAndSaysWhichFailed() {
        call("search", "{\"index\": \"partial-a,partial-b\", \"query\": " + QUERY + "}")
                .statusCode(200)
                .body("hits.size()", equalTo(3))
                .body("hits.index", not(hasItem("partial-b")))
                .body("shards.failed", greaterThanOrEqualTo(1))
                .body("shards.failures.index", hasItem("partial-b"))
                .body("shards.failures[0].reason", notNullValue());
    }

    @Test
    void aSearchThatRefusesPartialResultsFails() {
        call("search", "{\"index\": \"partial-a,partial-b\", \"allowPartialResults\": false, \"query\": " + QUERY + "}")
                .statusCode(not(equalTo(200)))
                .body("error.reason", containsString("partial-b"));
    }

    @Test
    void aScanReturnsNoPageBuiltFromAPartialReadAndACursorThatReadsItAgain() {
        String cursor = call("scan", "{\"index\": \"partial-a,partial-b\", \"query\": " + QUERY + "}")
                .statusCode(502)
                .body("error.type", equalTo("shard_failures"))
                .body("error.reason", containsString("partial-b"))
                .body("error.cursor", notNullValue())
                .extract().path("error.cursor");
        call("scan", "{\"cursor\": \"" + cursor + "\"}")
                .statusCode(502).body("error.type", equalTo("shard_failures")).body("error.cursor", equalTo(cursor));
    }

    @Test
    void aCopyWritesNothingOfAPartialRead() {
        call("copy", "{\"index\": \"partial-a,partial-b\", \"target\": \"partial-target\", \"query\": " + QUERY + "}")
                .statusCode(502)
                .body("error.type", equalTo("shard_failures"))
                .body("error.reason", containsString("partial-b"))
                .body("error.cursor", notNullValue())
                .body("error.partial.read", equalTo(0))
                .body("error.partial.written", equalTo(0));
        cluster.perform("PUT", "/partial-target", null);
        assertEquals(0, cluster.count("partial-target"));
    }

    @Test
    void aDeleteByQueryDeletesNothingOfAPartialRead() {
        call("delete", "{\"index\": \"partial-a\", \"query\": " + QUERY + "}").statusCode(200)
                .body("deleted", equalTo(3));
        cluster.bulkIndex("partial-a", 3, i -> "{\"f\": \"y" + i + "\"}");
        // An index pattern is not writable: the conflict is made inside one index by a second, integer mapping.
        cluster.recreateIndex("partial-b", "{\"properties\": {\"f\": {\"type\": \"integer\"}}}");
        cluster.perform("POST", "/_aliases", "{\"actions\": [{\"add\": {\"index\": \"partial-a\", \"alias\": "
                + "\"partial-both\"}}, {\"add\": {\"index\": \"partial-b\", \"alias\": \"partial-both\", "
                + "\"is_write_index\": true}}]}");
        cluster.bulkIndex("partial-b", 3, i -> "{\"f\": " + i + "}");
        call("delete", "{\"index\": \"partial-both\", \"query\": " + QUERY + "}")
                .statusCode(502)
                .body("error.type", equalTo("shard_failures"))
                .body("error.reason", containsString("partial-b"));
        assertEquals(3, cluster.count("partial-a"));
        assertEquals(3, cluster.count("partial-b"));
    }

    static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
