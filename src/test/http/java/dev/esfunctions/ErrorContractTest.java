package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

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

    @Test
    void bodyAboveTheLimitIsPayloadTooLargeNamingTheSetting() {
        String pad = "x".repeat(1024 * 1024);
        String docs = IntStream.range(0, 17).mapToObj(i -> "{\"_id\": \"" + i + "\", \"pad\": \"" + pad + "\"}")
                .collect(Collectors.joining(","));
        given().contentType(ContentType.JSON).body("{\"index\": \"x\", \"docs\": [" + docs + "]}").post("/upsert")
                .then().statusCode(413)
                .body("error.type", equalTo("body_too_large"))
                .body("error.reason", containsString("quarkus.http.limits.max-body-size"));
    }

    @Test
    void unknownFunctionIsNotFoundAsJson() {
        given().contentType(ContentType.JSON).body("{}").post("/reindex")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("unknown_function"))
                .body("error.reason", containsString("/search"));
    }
}
