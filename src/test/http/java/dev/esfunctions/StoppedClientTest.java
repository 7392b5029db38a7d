package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Inject;

import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A client whose I/O thread has ended (as an OutOfMemoryError on it ends it) never sends again: calls are refused at
 * once as not sent, and the instance says it is neither live nor ready, so that the platform replaces it. Stopped
 * here by closing the client, in an application of its own.
 */
@QuarkusTest
@TestProfile(StoppedClientTest.OwnApplication.class)
class StoppedClientTest {

    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("es-functions.request-timeout", "5s");
        }
    }

    @Inject
    RestClient client;

    @Test
    void aStoppedClientFailsCallsAtOnceAndTheInstanceAsksToBeReplaced() throws IOException {
        given().get("/q/health/live").then().statusCode(200);
        client.close();

        given().contentType(ContentType.JSON).body("{\"index\": \"stopped\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}")
                .post("/upsert").then().log().ifValidationFails()
                .statusCode(503)
                .body("error.type", equalTo("client_stopped"));
        given().contentType(ContentType.JSON).body("{\"index\": \"stopped\"}").post("/search").then()
                .statusCode(503).body("error.type", equalTo("client_stopped"))
                .body("error.reason", containsString("was not sent"));
        given().get("/q/health/live").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
