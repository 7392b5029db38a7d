package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A cluster that accepts connections and never answers: a read is a 504 within the configured timeout; a write may
 * have been applied, so its outcome is unknown, never guessed.
 */
@QuarkusTest
@TestProfile(SilentClusterTest.NeverAnswering.class)
class SilentClusterTest {

    public static class NeverAnswering implements QuarkusTestProfile {
        private static final List<Socket> HELD = new ArrayList<>();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                ServerSocket server = new ServerSocket(0);
                Thread acceptor = new Thread(() -> {
                    while (!server.isClosed()) {
                        try {
                            HELD.add(server.accept());
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "never-answering-cluster");
                acceptor.setDaemon(true);
                acceptor.start();
                return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + server.getLocalPort(),
                        "es-functions.request-timeout", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aSearchNobodyAnswersIsAGatewayTimeoutNamingTheSetting() {
        given().contentType(ContentType.JSON).body("{\"index\": \"products\"}").post("/search")
                .then().statusCode(504)
                .time(lessThan(5000L))
                .body("error.type", equalTo("cluster_timeout"))
                .body("error.reason", containsString("es-functions.request-timeout"));
    }

    @Test
    void aWriteNobodyAnswersMayHaveLandedItIsRetriedWhileItIsIdempotentAndThenReportedAsUnknown() {
        // merge is idempotent: sent again at each timeout until the deadline, then its outcome is unknown.
        given().contentType(ContentType.JSON)
                .body("{\"index\": \"products\", \"timeoutMs\": 2500, \"docs\": [{\"_id\": \"1\"}]}").post("/upsert")
                .then().statusCode(200)
                .time(lessThan(6000L))
                .body("failed", equalTo(1))
                .body("retries", greaterThan(0))
                .body("errors[0].type", equalTo("outcome_unknown"))
                .body("errors[0].reason", containsString("es-functions.request-timeout"));
        // create is not: one attempt, and its outcome is unknown at once.
        given().contentType(ContentType.JSON)
                .body("{\"index\": \"products\", \"mode\": \"create\", \"docs\": [{\"_id\": \"1\"}]}")
                .post("/upsert")
                .then().statusCode(200)
                .time(lessThan(3000L))
                .body("failed", equalTo(1)).body("retries", equalTo(0))
                .body("errors[0].type", equalTo("outcome_unknown"));
    }
}
