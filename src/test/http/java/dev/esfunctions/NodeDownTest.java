package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Two hosts, the first of which refuses every connection: each request goes to one node only, and one that reached
 * none is sent to the other, whatever it is (it cannot have been applied). The calls here are the first requests of
 * the application, so the first of them meets the node that is down.
 */
@QuarkusTest
@TestProfile(NodeDownTest.FirstNodeDown.class)
class NodeDownTest {

    private static final String INDEX = "node-down";
    private static final int DOCUMENTS = 30;

    public static class FirstNodeDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            try (ServerSocket closed = new ServerSocket(0)) {
                return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + closed.getLocalPort() + ",127.0.0.1:"
                        + proxy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void whatReachedNoNodeGoesToTheOtherOnceAndEveryCallIsAnswered() {
        FaultInjectingProxy.reset();
        String documents = IntStream.range(0, DOCUMENTS).mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i + "}")
                .collect(Collectors.joining(","));
        for (int call = 0; call < 3; call++) {
            given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\", \"mode\": \"create\", "
                    + "\"refresh\": \"wait_for\", \"docs\": [" + documents + "]}").post("/upsert").then()
                    .log().ifValidationFails().statusCode(200)
                    .body("created", equalTo(call == 0 ? DOCUMENTS : 0))
                    .body("failed", equalTo(call == 0 ? 0 : DOCUMENTS));
            given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\"}").post("/search").then()
                    .log().ifValidationFails().statusCode(200).body("total.value", equalTo(DOCUMENTS));
        }
        assertEquals(3, FaultInjectingProxy.bulkRequests(), "each _bulk reached a node once");
    }
}
