package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class CopyFunctionTest {

    @Inject
    TestCluster cluster;

    @Test
    void aCopyOverSeveralCallsWritesExactlyTheTransformedDocuments() {
        cluster.recreateIndex("copy-source", "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.deleteIndex("copy-target");
        cluster.bulkIndex("copy-source", 20_000, i -> "{\"code\": \"c-" + i + "\", \"n\": " + i
                + ", \"old\": \"value " + i + "\", \"secret\": \"s\", \"noise\": 1}");
        String request = """
                {"index": "copy-source", "target": "copy-target", "size": 2000, "maxDurationMs": 1,
                 "include": ["code", "n", "old", "secret"], "exclude": ["secret"], "rename": {"old": "renamed"},
                 "set": {"copied": true, "batch": "2026-11"}, "idFrom": "code"
                """;
        int calls = 0;
        int read = 0;
        int written = 0;
        String cursor = null;
        do {
            JsonPath result = given().contentType(ContentType.JSON)
                    .body(request + (cursor == null ? "}" : ", \"cursor\": \"" + cursor + "\"}")).post("/copy")
                    .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
            assertEquals(0, result.getInt("failed"));
            assertEquals(result.getInt("read"), result.getInt("written"));
            read += result.getInt("read");
            written += result.getInt("written");
            cursor = result.getString("cursor");
            calls++;
        } while (cursor != null && calls < 100);
        assertTrue(calls > 1, "a small maxDurationMs takes several calls: " + calls);
        assertEquals(20_000, read);
        assertEquals(20_000, written);
        assertEquals(20_000, cluster.count("copy-target"));
        JsonNode copied = cluster.source("copy-target", "c-4242");
        assertEquals("{\"code\":\"c-4242\",\"n\":4242,\"renamed\":\"value 4242\",\"copied\":true,\"batch\":\"2026-11\"}",
                copied.toString());
    }

    @Test
    void prettyPrintedSourcesAreCopiedWholeAsTheyAreOrTransformed() {
        cluster.recreateIndex("copy-pretty", "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        for (int i = 0; i < 3; i++) {
            // Elasticsearch answers these sources with their line breaks; each must stay one line of _bulk.
            cluster.index("copy-pretty", "p-" + i, "{\n  \"n\": " + i + ",\r\n  \"nested\": {\n    \"text\": \"a\\nb\"\n  }\n}");
        }
        cluster.refresh("copy-pretty");
        for (String transform : new String[] { "", ", \"rename\": {\"n\": \"m\"}" }) {
            cluster.deleteIndex("copy-pretty-target");
            given().contentType(ContentType.JSON)
                    .body("{\"index\": \"copy-pretty\", \"target\": \"copy-pretty-target\", \"refresh\": true"
                            + transform + "}")
                    .post("/copy").then().log().ifValidationFails().statusCode(200)
                    .body("read", org.hamcrest.Matchers.equalTo(3)).body("written", org.hamcrest.Matchers.equalTo(3));
            assertEquals(3, cluster.count("copy-pretty-target"));
            JsonNode copied = cluster.source("copy-pretty-target", "p-2");
            assertEquals(2, copied.path(transform.isEmpty() ? "n" : "m").asInt());
            assertEquals("a\nb", copied.path("nested").path("text").asText());
        }
    }

    @Test
    void renamesThatDependOnEachOtherAreRefusedWithTheFieldToChange() {
        cluster.recreateIndex("copy-rename-source", "{\"properties\": {\"a\": {\"type\": \"keyword\"}}}");
        for (String rename : new String[] { "{\"a\": \"b\", \"b\": \"c\"}", "{\"a\": \"c\", \"b\": \"c\"}" }) {
            JsonPath error = given().contentType(ContentType.JSON).body("{\"index\": \"copy-rename-source\", "
                    + "\"target\": \"copy-rename-target\", \"rename\": " + rename + "}").post("/copy")
                    .then().statusCode(400).extract().jsonPath();
            assertEquals("invalid_field", error.getString("error.type"));
            assertTrue(error.getString("error.reason").startsWith("field 'rename' ")
                    && error.getString("error.reason").contains("'c'") || error.getString("error.reason").contains("'b'"),
                    error.getString("error.reason"));
        }
    }
}
