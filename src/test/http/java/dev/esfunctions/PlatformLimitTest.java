package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * A platform that ends a call after 4 s (Lambda's Timeout), a request timeout of 20 s, and a cluster that answers
 * after 8 s: a request in flight is given up when only the answer time is left, so the call answers before the
 * platform's limit, with every document accounted for (a write given up is of unknown outcome, never a success).
 */
@QuarkusTest
@TestProfile(PlatformLimitTest.FourSecondPlatform.class)
class PlatformLimitTest {

    private static final String INDEX = "platform-limit";
    private static final int DOCUMENTS = 20;
    private static final Duration LIMIT = Duration.ofSeconds(4);
    private static final int SLOW_CLUSTER_MILLIS = 8000;

    public static class FourSecondPlatform implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxy,
                    "es-functions.platform.invocation-timeout", LIMIT.toSeconds() + "s",
                    "es-functions.platform.margin", "2s",
                    "es-functions.platform.answer-time", "500ms",
                    "es-functions.request-timeout", "20s");
        }
    }

    @Inject
    TestCluster cluster;

    @TestHTTPResource("/upsert")
    URI upsert;

    /**
     * The first call of an application also loads classes, which the margins are for, not what this test measures.
     */
    @BeforeEach
    void emptyIndexTransparentProxyAndAWarmPath() {
        FaultInjectingProxy.reset();
        cluster.recreateIndex(INDEX, "{}");
        given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\"}").post("/search").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\", \"docs\": [{\"_id\": \"x\"}]}")
                .post("/upsert").then().statusCode(200);
        cluster.recreateIndex(INDEX, "{}");
    }

    @AfterEach
    void transparentProxy() {
        FaultInjectingProxy.reset();
    }

    @Test
    void aWriteInFlightAtTheLimitIsGivenUpAndItsDocumentsAreOfUnknownOutcome() {
        FaultInjectingProxy.delayBulkRequests(SLOW_CLUSTER_MILLIS);
        long start = System.nanoTime();
        JsonPath result = answeredBeforeTheLimit(given().contentType(ContentType.JSON)
                .body("{\"index\": \"" + INDEX + "\", \"mode\": \"create\", \"docs\": [" + IntStream.range(0, DOCUMENTS)
                        .mapToObj(i -> "{\"_id\": \"" + i + "\"}").collect(Collectors.joining(",")) + "]}")
                .post("/upsert").then(), start).statusCode(200).body("total", equalTo(DOCUMENTS))
                .body("succeeded", equalTo(0)).extract().jsonPath();
        assertEquals(DOCUMENTS, result.getList("errors.type").stream().filter("outcome_unknown"::equals).count(),
                result.getList("errors.type").toString());
        assertTrue(result.getString("errors[0].reason").contains("es-functions.platform.invocation-timeout"),
                result.getString("errors[0].reason"));
    }

    @Test
    void aReadInFlightAtTheLimitIsGivenUpWithATimeout() {
        FaultInjectingProxy.delaySearchRequests(SLOW_CLUSTER_MILLIS);
        long start = System.nanoTime();
        answeredBeforeTheLimit(given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\"}")
                .post("/search").then(), start).statusCode(504).body("error.type", equalTo("cluster_timeout"))
                .body("error.reason", containsString("es-functions.platform.invocation-timeout"));
    }

    /**
     * The platform's clock, like the caller's, runs from the request, not from the function's start: a body that takes
     * longer to arrive than the call's time before the margin (4 s less 2 s) leaves the call no time to start a
     * request, and it answers at once, every document not attempted, rather than writing past the limit.
     */
    @Test
    void aBodySlowToArriveTakesFromTheCallsTime() throws Exception {
        byte[] body = ("{\"index\": \"" + INDEX + "\", \"docs\": [" + IntStream.range(0, DOCUMENTS)
                .mapToObj(i -> "{\"_id\": \"" + i + "\"}").collect(Collectors.joining(",")) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        int bulkRequestsBefore = FaultInjectingProxy.bulkRequests();
        long start = System.nanoTime();
        String answer;
        try (Socket caller = new Socket(upsert.getHost(), upsert.getPort())) {
            OutputStream out = caller.getOutputStream();
            out.write(("POST /upsert HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(2500);
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            try (InputStream in = caller.getInputStream()) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(millis < LIMIT.toMillis(), "answered after " + millis + " ms, past the platform's limit");
        JsonPath result = JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals(DOCUMENTS, result.getList("errors.type").stream().filter("not_attempted"::equals).count(),
                result.prettify());
        assertTrue(result.getLong("took") >= 2500, "took counts from the request's arrival: " + result.getLong("took"));
        assertEquals(bulkRequestsBefore, FaultInjectingProxy.bulkRequests(), "no request started");
    }

    private static ValidatableResponse answeredBeforeTheLimit(ValidatableResponse response, long startNanos) {
        long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        assertTrue(millis < LIMIT.toMillis(), "answered after " + millis + " ms, past the platform's limit: "
                + response.extract().asString());
        return response.log().ifValidationFails();
    }
}
