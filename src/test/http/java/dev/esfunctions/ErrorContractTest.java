package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.observability.UnreadableBodies;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Request errors answer with a status and {"error": {status, type, reason}}, whatever layer catches them. */
@QuarkusTest
class ErrorContractTest {

    @Test
    void malformedJsonIsABadRequestThatSaysWhere() {
        given().contentType(ContentType.JSON).body("{\"index\": \"x\",").post("/search")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.status", equalTo(400))
                .body("error.type", equalTo("malformed_json"))
                .body("error.reason", containsString("line 1"));
    }

    /**
     * Funqy logs an unreadable body at ERROR, and {@code UnreadableBodies} keeps that line out of the console by its
     * text: should Funqy reword it, this fails rather than the log filling with callers' mistakes.
     */
    @Test
    void anUnreadableBodyLeavesNoErrorLineInTheConsole() {
        UnreadableBodies consoleFilter = new UnreadableBodies();
        try (LogCapture log = LogCapture.start()) {
            given().contentType(ContentType.JSON).body("{\"index\": \"x\",").post("/search").then().statusCode(400);
            given().contentType(ContentType.JSON).body("{\"index\": 7, \"size\": \"many\"}").post("/scan").then()
                    .statusCode(400);
            List<String> consoleErrors = log.records().stream()
                    .filter(line -> line.getLevel().intValue() >= Level.SEVERE.intValue())
                    .filter(consoleFilter::isLoggable).map(LogRecord::getMessage).toList();
            assertEquals(List.of(), consoleErrors);
        }
    }

    @Test
    void missingBodyIsABadRequestWithAnExample() {
        given().contentType(ContentType.JSON).post("/upsert")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request"))
                .body("error.reason", containsString("\"docs\""));
    }

    @Test
    void unknownFieldsAreRejectedAndTheAcceptedOnesListed() {
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"qeury\": {}}").post("/search")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_field"))
                .body("error.reason", startsWith("field 'qeury' is unknown"))
                .body("error.reason", containsString("query"));
    }

    @Test
    void tooManyDocumentsIsPayloadTooLargeNamingTheSetting() {
        String ids = IntStream.range(0, 10_001).mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(","));
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"ids\": [" + ids + "]}").post("/delete")
                .then().statusCode(413)
                .body("error.type", equalTo("too_many_documents"))
                .body("error.reason", containsString("es-functions.limits.max-documents"));
    }

    @TestHTTPResource("upsert")
    URI upsert;

    @Test
    void bodyAboveTheLimitIsPayloadTooLargeNamingTheSetting() throws Exception {
        // One array sent by the JDK client: RestAssured renders every body for its failure log, which a 17 MB body
        // does not fit, in the 256 MB heap the suite runs in.
        byte[] prefix = "{\"index\": \"x\", \"docs\": [{\"_id\": \"1\", \"pad\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[17 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(suffix, 0, body, body.length - suffix.length, suffix.length);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(upsert)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertEquals("body_too_large", error.path("type").asText());
        assertTrue(error.path("reason").asText().contains("quarkus.http.limits.max-body-size"), error.toString());
    }

    @Test
    void bodySentInPiecesWithoutALengthIsRefusedOnceItPassesTheLimit() throws Exception {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'x');
        byte[] start = "{\"index\": \"x\", \"docs\": [{\"_id\": \"1\", \"pad\": \"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, piece, 0, start.length);
        int pieces = 17 * 16; // 17 MB, above the 16 MB limit, with no Content-Length to refuse it by
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(upsert)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        Collections.enumeration(IntStream.range(0, pieces)
                                .mapToObj(i -> new ByteArrayInputStream(piece)).toList()))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("body_too_large", new ObjectMapper().readTree(response.body()).path("error").path("type").asText());
    }

    @Test
    void limitsOnPagesAndTimeNameTheSettingThatRaisesThem() {
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"size\": 10001}").post("/search")
                .then().statusCode(400).body("error.reason", containsString("es-functions.limits.max-page-size"));
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"size\": 20000}").post("/scan")
                .then().statusCode(400).body("error.reason", containsString("es-functions.limits.max-page-size"));
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"ids\": [\"1\"], \"timeoutMs\": 3600000}")
                .post("/delete")
                .then().statusCode(400).body("error.reason", containsString("es-functions.limits.max-request-time"));
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"target\": \"y\", \"maxDurationMs\": 3600000}")
                .post("/copy")
                .then().statusCode(400).body("error.reason", containsString("es-functions.limits.max-request-time"));
    }

    @Test
    void aNullInsideAListOrAnObjectIsRefusedNamingWhereItIs() {
        given().contentType(ContentType.JSON).body("{\"operations\": [{\"search\": {\"index\": \"a\"}}, null]}")
                .post("/batch").then().statusCode(400)
                .body("error.type", equalTo("invalid_field"))
                .body("error.reason", equalTo("field 'operations[1]' is null: give a value, or leave the entry out"));
        given().contentType(ContentType.JSON).body("{\"index\": \"a\", \"target\": \"b\", \"rename\": {\"x\": null}}")
                .post("/copy").then().statusCode(400)
                .body("error.reason", containsString("field 'rename.x' is null"));
        given().contentType(ContentType.JSON).body("{\"index\": \"a\", \"target\": \"b\", \"include\": [\"x\", null]}")
                .post("/copy").then().statusCode(400)
                .body("error.reason", containsString("field 'include[1]' is null"));
        // A document, or an id, fails alone, as any entry that is not one.
        given().contentType(ContentType.JSON).body("{\"index\": \"error-contract-nulls\", \"docs\": [null, {\"_id\": \"1\"}]}")
                .post("/upsert").then().statusCode(200)
                .body("succeeded", equalTo(1)).body("failed", equalTo(1)).body("errors[0].type", equalTo("missing_id"));
        given().contentType(ContentType.JSON).body("{\"index\": \"error-contract-nulls\", \"ids\": [null, \"1\"]}")
                .post("/delete").then().statusCode(200)
                .body("deleted", equalTo(1)).body("failed", equalTo(1)).body("errors[0].type", equalTo("missing_id"));
    }

    @Test
    void unknownFunctionIsNotFoundAsJson() {
        given().contentType(ContentType.JSON).body("{}").post("/reindex")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("unknown_function"))
                .body("error.reason", containsString("the functions are POST /batch, POST /copy, POST /delete, "
                        + "POST /plan, POST /scan, POST /search, POST /upsert"));
    }
}
