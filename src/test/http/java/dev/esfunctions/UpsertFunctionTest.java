package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class UpsertFunctionTest {

    private static final String INDEX = "upsert-products";

    @Inject
    TestCluster cluster;

    @TestHTTPResource("upsert")
    URI upsert;

    @BeforeEach
    void emptyIndex() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"price\": {\"type\": \"integer\"}}}");
    }

    @Test
    void createsDocumentsUnderTheirIdsWithoutTheIdInTheBody() {
        upsert("""
                {"index": "upsert-products", "docs": [
                  {"_id": "a", "name": "laptop", "price": 999},
                  {"_id": 42, "name": "mouse", "price": 25}]}
                """)
                .statusCode(200)
                .body("total", equalTo(2)).body("succeeded", equalTo(2)).body("failed", equalTo(0))
                .body("created", equalTo(2)).body("updated", equalTo(0)).body("noop", equalTo(0))
                .body("errors", empty())
                .body("took", greaterThanOrEqualTo(0));
        assertEquals("{\"name\":\"laptop\",\"price\":999}", cluster.source(INDEX, "a").toString());
        assertEquals("mouse", cluster.source(INDEX, "42").path("name").asText());
    }

    @Test
    void aDocumentIsWrittenAsItCameLessItsMetadataEveryDigitAndEscapeKeptOnOneLine() {
        upsert("""
                {"index": "upsert-products", "mode": "replace", "docs": [
                  {
                    "name": "caf\\u00e9 ☕",
                    "_id": "exact",
                    "price": 12,
                    "weight": 12345678901234567890.10,
                    "tags": ["a",
                             "b"]
                  }]}
                """).statusCode(200).body("created", equalTo(1));
        String stored = cluster.rawSource(INDEX, "exact");
        assertTrue(stored.startsWith("{") && stored.endsWith("}"), stored);
        assertFalse(stored.contains("\n") || stored.contains("\r") || stored.contains("_id"), stored);
        assertTrue(stored.contains("\"name\": \"caf\\u00e9 ☕\""), stored);
        assertTrue(stored.contains("\"weight\": 12345678901234567890.10"), stored);
        assertTrue(stored.indexOf("name") < stored.indexOf("price") && stored.indexOf("price") < stored.indexOf("weight")
                && stored.indexOf("weight") < stored.indexOf("tags"), stored);
    }

    @Test
    void secondUpsertMergesNewFieldsIntoTheStoredDocument() {
        upsert("{\"index\": \"upsert-products\", \"docs\": [{\"_id\": \"1\", \"name\": \"laptop\", \"price\": 999}]}")
                .statusCode(200).body("created", equalTo(1));
        upsert("{\"index\": \"upsert-products\", \"docs\": [{\"_id\": \"1\", \"stock\": 7, \"price\": 899}]}")
                .statusCode(200).body("updated", equalTo(1)).body("created", equalTo(0)).body("succeeded", equalTo(1));
        JsonNode stored = cluster.source(INDEX, "1");
        assertEquals("laptop", stored.path("name").asText());
        assertEquals(899, stored.path("price").asInt());
        assertEquals(7, stored.path("stock").asInt());
        upsert("{\"index\": \"upsert-products\", \"docs\": [{\"_id\": \"1\", \"stock\": 7}]}")
                .statusCode(200).body("noop", equalTo(1)).body("succeeded", equalTo(1));
    }

    @Test
    void documentsWithoutUsableIdFailAloneAndTheOthersLand() {
        upsert("""
                {"index": "upsert-products", "docs": [
                  {"_id": "ok-1", "n": 1},
                  {"n": 2},
                  {"_id": "", "n": 3},
                  {"_id": true, "n": 4},
                  "not an object",
                  {"_id": "ok-2", "n": 5}]}
                """)
                .statusCode(200)
                .body("total", equalTo(6)).body("succeeded", equalTo(2)).body("failed", equalTo(4))
                .body("errors", hasSize(4))
                .body("errors.type", everyItem(equalTo("missing_id")))
                .body("errors.status", everyItem(equalTo(400)))
                .body("errors[0].id", nullValue())
                .body("errors[2].id", equalTo("true"));
        assertEquals(2, cluster.count(INDEX));
    }

    @Test
    void mappingConflictFailsOnlyTheOffendingDocument() {
        upsert("""
                {"index": "upsert-products", "docs": [
                  {"_id": "1", "price": 10},
                  {"_id": "2", "price": "not a number"},
                  {"_id": "3", "price": 30}]}
                """)
                .statusCode(200)
                .body("total", equalTo(3)).body("succeeded", equalTo(2)).body("failed", equalTo(1))
                .body("created", equalTo(2))
                .body("errors", hasSize(1))
                .body("errors[0].id", equalTo("2"))
                .body("errors[0].status", equalTo(400))
                .body("errors[0].type", containsString("parsing_exception"))
                .body("errors[0].reason", containsString("price"));
        assertEquals(2, cluster.count(INDEX));
        assertNull(cluster.source(INDEX, "2"));
    }

    @Test
    void twoThousandDocumentsWithWaitForAreSearchableAtOnce() {
        String docs = IntStream.range(0, 2000)
                .mapToObj(i -> "{\"_id\": \"doc-" + i + "\", \"n\": " + i + ", \"text\": \"document number " + i + "\"}")
                .collect(Collectors.joining(","));
        upsert("{\"index\": \"upsert-products\", \"refresh\": \"wait_for\", \"docs\": [" + docs + "]}")
                .statusCode(200)
                .body("total", equalTo(2000)).body("succeeded", equalTo(2000)).body("created", equalTo(2000))
                .body("failed", equalTo(0));
        given().contentType(ContentType.JSON).body("{\"index\": \"upsert-products\", \"size\": 0}").post("/search")
                .then().statusCode(200).body("total.value", equalTo(2000));
    }

    /**
     * A body arrives in pieces and is parsed across them: a document, and a character of several bytes, cut between two
     * pieces is read whole, whether the body came with its length, in chunks without one, after the caller waited for
     * the go-ahead ({@code Expect: 100-continue}), or in chunks of a few bytes each.
     */
    @Test
    void aBodyIsReadWholeAcrossThePiecesItCameInHoweverItWasSent() throws Exception {
        IntFunction<String> text = i -> "caf\u00e9 \u2615 \ud83d\ude00 ".repeat(1 + i % 40) + i;
        String body = IntStream.range(0, 3_000)
                .mapToObj(i -> "{\"_id\": \"doc-" + i + "\", \"text\": \"" + text.apply(i) + "\"}")
                .collect(Collectors.joining(",", "{\"index\": \"upsert-products\", \"docs\": [", "]}"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > 500_000, "a body of many pieces: " + bytes.length);
        HttpClient http = HttpClient.newHttpClient();
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(upsert).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                HttpRequest.newBuilder(upsert).POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(bytes))),
                HttpRequest.newBuilder(upsert).expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)))) {
            cluster.recreateIndex(INDEX, "{}");
            HttpResponse<String> answer = http.send(request.header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertWhole(answer.body(), text);
        }
        cluster.recreateIndex(INDEX, "{}");
        String dripped = inChunksOfAFewBytes(bytes);
        assertTrue(dripped.startsWith("HTTP/1.1 200"), dripped);
        assertWhole(dripped, text);
    }

    private void assertWhole(String answer, IntFunction<String> text) {
        assertTrue(answer.contains("\"succeeded\":3000"), answer);
        for (int i = 0; i < 3_000; i += 97) {
            assertEquals(text.apply(i), cluster.source(INDEX, "doc-" + i).path("text").asText(), "doc-" + i);
        }
    }

    /** The body in chunks of 1 to 7 bytes, each of which the server receives as a piece of its own; the answer. */
    private String inChunksOfAFewBytes(byte[] body) throws IOException {
        try (Socket socket = new Socket(upsert.getHost(), upsert.getPort())) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(("POST " + upsert.getPath() + " HTTP/1.1\r\nHost: " + upsert.getHost()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int at = 0, size = 1; at < body.length; at += size, size = size % 7 + 1) {
                int length = Math.min(size, body.length - at);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void requestErrorsNameTheField() {
        upsert("{\"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(400).body("error.type", equalTo("invalid_field")).body("error.reason", containsString("'index'"));
        upsert("{\"index\": \"upsert-products\"}")
                .statusCode(400).body("error.reason", containsString("'docs'"));
        upsert("{\"index\": \"upsert-products\", \"docs\": []}")
                .statusCode(400).body("error.reason", containsString("'docs'"));
        upsert("{\"index\": \"Upsert-Products\", \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(400).body("error.type", equalTo("invalid_index_name"))
                .body("error.reason", containsString("lowercase"));
        upsert("{\"index\": \"products*\", \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(400).body("error.type", equalTo("invalid_index_name"));
        upsert("{\"index\": \"upsert-products\", \"docs\": [{\"_id\": \"1\"}], \"refresh\": \"sometimes\"}")
                .statusCode(400).body("error.reason", containsString("'refresh'"));
    }

    private static ValidatableResponse upsert(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/upsert").then();
    }
}
