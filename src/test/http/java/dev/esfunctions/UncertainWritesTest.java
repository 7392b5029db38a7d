package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esfunctions.FaultInjectingProxy.BulkFault;
import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Writes whose fate the function cannot see: the proxy forwards a {@code _bulk} request, the cluster applies it, and
 * the answer is lost (a reset, a 502, silence) or says nothing of each document (items with a status alone). A create
 * must not be sent again (it would come back as a conflict for a document that was in fact created): its documents
 * are reported {@code outcome_unknown}. A merge may be sent again, and lands once. A 503 before forwarding applied
 * nothing, and any write is sent again.
 */
@QuarkusTest
@TestProfile(UncertainWritesTest.ThroughProxy.class)
class UncertainWritesTest {

    private static final String INDEX = "uncertain-writes";
    private static final int DOCUMENTS = 50;
    private static final BulkFault[] LOST_ANSWERS = { BulkFault.RESET_AFTER_FORWARDING,
            BulkFault.BAD_GATEWAY_AFTER_FORWARDING, BulkFault.STALL_AFTER_FORWARDING };

    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxyPort = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxyPort,
                    "es-functions.request-timeout", "2s",
                    "es-functions.bulk.initial-backoff", "10ms",
                    "es-functions.bulk.max-backoff", "50ms");
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void emptyIndexAndTransparentProxy() {
        cluster.recreateIndex(INDEX, "{}");
        FaultInjectingProxy.reset();
    }

    @Test
    void aCreateWhoseAnswerWasLostIsUnknownNeverAConflictAndIsNotSentTwice() {
        for (BulkFault lost : LOST_ANSWERS) {
            JsonPath result = upsertMeeting(lost, "create");
            assertEquals(DOCUMENTS, result.getInt("failed"), lost.name());
            assertEquals(0, result.getInt("retries"), lost + ": a create whose fate is unknown is not sent again");
            assertEquals(1, FaultInjectingProxy.bulkRequests(), lost.name());
            assertEquals(DOCUMENTS, result.getList("errors.type").stream().filter("outcome_unknown"::equals).count(),
                    lost + ": " + result.getList("errors.type"));
            assertEquals(DOCUMENTS, cluster.count(INDEX), lost + ": the cluster applied the request once");
        }
    }

    @Test
    void aMergeWhoseAnswerWasLostIsSentAgainAndLandsOnce() {
        for (BulkFault lost : LOST_ANSWERS) {
            JsonPath result = upsertMeeting(lost, "merge");
            assertEquals(DOCUMENTS, result.getInt("succeeded"), lost.name());
            assertEquals(DOCUMENTS, result.getInt("retries"), lost.name());
            assertEquals(2, FaultInjectingProxy.bulkRequests(), lost.name());
            assertEquals(DOCUMENTS, cluster.count(INDEX), lost.name());
        }
    }

    @Test
    void anAnswerWhoseItemsSayNeitherResultNorErrorLeavesEveryDocumentUnknownNeverWritten() {
        JsonPath result = upsertMeeting(BulkFault.STATUS_ALONE_AFTER_FORWARDING, "create");
        assertEquals(0, result.getInt("succeeded"));
        assertEquals(DOCUMENTS, result.getList("errors.type").stream().filter("outcome_unknown"::equals).count(),
                result.getList("errors.type").toString());
        assertEquals(1, FaultInjectingProxy.bulkRequests(), "a create whose fate is unknown is not sent again");
        assertEquals(DOCUMENTS, cluster.count(INDEX), "the cluster applied the request once");
    }

    /** An upsert in {@code mode} into an empty index, whose first _bulk request meets {@code fault}. */
    private JsonPath upsertMeeting(BulkFault fault, String mode) {
        cluster.recreateIndex(INDEX, "{}");
        FaultInjectingProxy.reset();
        FaultInjectingProxy.failBulkRequest(1, fault);
        return upsert(mode);
    }

    @Test
    void aRequestTheClusterNeverReceivedIsSentAgainWhateverTheMode() {
        FaultInjectingProxy.failBulkRequest(1, BulkFault.UNAVAILABLE_BEFORE_FORWARDING);
        given().contentType(ContentType.JSON).body(body("create")).post("/upsert").then().statusCode(200)
                .body("created", equalTo(DOCUMENTS)).body("failed", equalTo(0)).body("retries", equalTo(DOCUMENTS))
                .body("errors", hasSize(0));
        assertEquals(DOCUMENTS, cluster.count(INDEX));
    }

    private static JsonPath upsert(String mode) {
        return given().contentType(ContentType.JSON).body(body(mode)).post("/upsert").then().log().ifValidationFails()
                .statusCode(200).body("total", equalTo(DOCUMENTS)).extract().jsonPath();
    }

    private static String body(String mode) {
        return "{\"index\": \"" + INDEX + "\", \"mode\": \"" + mode + "\", \"docs\": ["
                + IntStream.range(0, DOCUMENTS).mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i + "}")
                        .collect(Collectors.joining(",")) + "]}";
    }
}
