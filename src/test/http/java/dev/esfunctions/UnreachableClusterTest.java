package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A cluster nobody listens for: every function answers 503 quickly instead of hanging or reporting success. */
@QuarkusTest
@TestProfile(UnreachableClusterTest.NothingListening.class)
class UnreachableClusterTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + closedPort);
        }
    }

    @Test
    void notReadyButAlive() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void searchIsServiceUnavailable() {
        given().contentType(ContentType.JSON).body("{\"index\": \"products\"}").post("/search")
                .then().statusCode(503)
                .time(lessThan(5000L))
                .body("error.status", equalTo(503))
                .body("error.type", equalTo("cluster_unavailable"))
                .body("error.reason", containsString("quarkus.elasticsearch.hosts"));
    }

    @Test
    void upsertAndDeleteAreServiceUnavailableNotPerDocumentSuccess() {
        given().contentType(ContentType.JSON).body("{\"index\": \"products\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}")
                .post("/upsert")
                .then().statusCode(503).body("error.type", equalTo("cluster_unavailable"));
        given().contentType(ContentType.JSON).body("{\"index\": \"products\", \"ids\": [\"1\"]}").post("/delete")
                .then().statusCode(503).body("error.type", equalTo("cluster_unavailable"));
    }
}
