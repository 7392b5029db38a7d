package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Cross-cluster reads of which a remote cluster (with {@code skip_unavailable}) cannot be reached: Elasticsearch
 * answers the other clusters' hits with {@code _shards.failed} at 0 and says so only in {@code _clusters}. A search
 * names the skipped cluster; a scan or copy never passes a page, or a point-in-time, without it for complete. The
 * remote clusters are persistent settings of the node the tests share, named for this test and cleared after each:
 * {@link #UNREACHABLE} points at a closed port, {@link #SELF} at this node itself until a test takes it away.
 */
@QuarkusTest
@TestProfile(CrossClusterTest.RemoteReads.class)
class CrossClusterTest {

    private static final String UNREACHABLE = "ccs-test-unreachable";
    private static final String SELF = "ccs-test-self";
    private static final String LOCAL = "ccs-local";
    private static final String REMOTE = "ccs-remote";
    private static final String TARGET = "ccs-target";

    /** Remote indices are read only where a pattern names their cluster. */
    public static class RemoteReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("es-functions.indices.read", "*,ccs-test-*:*");
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void aLocalIndexAndARemoteClusterThatCannotBeReached() {
        cluster.recreateIndex(LOCAL, "{}");
        cluster.bulkIndex(LOCAL, 3, i -> "{\"n\": " + i + "}");
        // A point-in-time on this node and on itself as a remote needs two names: shards are keyed by index.
        cluster.recreateIndex(REMOTE, "{}");
        cluster.bulkIndex(REMOTE, 3, i -> "{\"n\": " + (10 + i) + "}");
        cluster.deleteIndex(TARGET);
        remote(UNREACHABLE, "127.0.0.1:" + closedPort());
    }

    @AfterEach
    void noRemoteClustersLeft() {
        remote(UNREACHABLE, null);
        remote(SELF, null);
    }

    @Test
    void aSearchAnswersTheHitsItHasAndNamesTheSkippedCluster() {
        call("search", "{\"index\": \"" + LOCAL + "," + UNREACHABLE + ":idx\"}")
                .statusCode(200)
                .body("hits.size()", equalTo(3))
                .body("shards", nullValue())
                .body("clusters.total", equalTo(2))
                .body("clusters.successful", equalTo(1))
                .body("clusters.skipped", equalTo(1))
                .body("clusters.incomplete.size()", equalTo(1))
                .body("clusters.incomplete[0].cluster", equalTo(UNREACHABLE))
                .body("clusters.incomplete[0].status", equalTo("skipped"))
                .body("clusters.incomplete[0].indices", equalTo("idx"))
                .body("clusters.incomplete[0].failures[0].type", equalTo("connect_transport_exception"))
                .body("clusters.incomplete[0].failures[0]", not(hasKey("shard")));
        call("search", "{\"index\": \"" + LOCAL + "\"}").statusCode(200).body("$", not(hasKey("clusters")));
    }

    @Test
    void aSearchThatRefusesPartialResultsFails() {
        call("search", "{\"index\": \"" + LOCAL + "," + UNREACHABLE + ":idx\", \"allowPartialResults\": false}")
                .statusCode(502)
                .body("error.type", equalTo("remote_cluster_failures"))
                .body("error.reason", containsString(UNREACHABLE + " skipped"));
    }

    @Test
    void aScanOrCopyKeepsNoPointInTimeOpenedWithoutACluster() {
        int open = cluster.openPointInTimes();
        String index = LOCAL + "," + UNREACHABLE + ":idx";
        call("scan", "{\"index\": \"" + index + "\"}")
                .statusCode(502)
                .body("error.type", equalTo("remote_cluster_failures"))
                .body("error.reason", containsString(UNREACHABLE + " skipped"))
                .body("error.cursor", nullValue());
        call("copy", "{\"index\": \"" + index + "\", \"target\": \"" + TARGET + "\"}")
                .statusCode(502)
                .body("error.type", equalTo("remote_cluster_failures"))
                .body("error.cursor", nullValue());
        call("plan", "{\"index\": \"" + index + "\"}")
                .statusCode(502)
                .body("error.type", equalTo("remote_cluster_failures"));
        assertTrue(cluster.openPointInTimes() <= open, "each point-in-time opened without the cluster was closed");
        cluster.perform("PUT", "/" + TARGET, null);
        assertEquals(0, cluster.count(TARGET));
    }

    @Test
    void aPageThatLosesARemoteClusterFailsWithTheCursorThatReadsItAgain() throws InterruptedException {
        remote(SELF, cluster.perform("GET", "/_nodes/_local/transport", null).path("nodes").elements().next()
                .path("transport").path("publish_address").asText());
        String index = LOCAL + "," + SELF + ":" + REMOTE;
        String scanCursor = call("scan", "{\"index\": \"" + index + "\", \"size\": 2}")
                .statusCode(200)
                .body("hits.size()", equalTo(2))
                .extract().path("cursor");
        String copy = "{\"index\": \"" + index + "\", \"target\": \"" + TARGET + "\", \"size\": 2, "
                + "\"maxDurationMs\": 1";
        String copyCursor = call("copy", copy + "}")
                .statusCode(200)
                .body("failed", equalTo(0))
                .body("cursor", notNullValue())
                .extract().path("cursor");
        long copied = cluster.count(TARGET);

        remote(SELF, "127.0.0.1:" + closedPort());
        awaitDisconnected(SELF);
        call("scan", "{\"cursor\": \"" + scanCursor + "\"}")
                .statusCode(502)
                .body("error.type", equalTo("remote_cluster_failures"))
                .body("error.reason", containsString(SELF + " skipped"))
                .body("error.cursor", equalTo(scanCursor));
        call("copy", copy + ", \"cursor\": \"" + copyCursor + "\"}")
                .statusCode(502)
                .body("error.type", equalTo("remote_cluster_failures"))
                .body("error.cursor", equalTo(copyCursor))
                .body("error.partial.read", equalTo(0))
                .body("error.partial.written", equalTo(0));
        assertEquals(copied, cluster.count(TARGET));
    }

    /**
     * Makes {@code alias} a remote cluster of the node, skipped when unavailable, seeded at {@code seed}; or, when
     * {@code seed} is null, no remote cluster. Persistently, as Elasticsearch 9 has no transient settings.
     */
    private void remote(String alias, String seed) {
        String setting = "\"cluster.remote." + alias;
        cluster.perform("PUT", "/_cluster/settings", "{\"persistent\": {" + setting + ".seeds\": "
                + (seed == null ? "null" : "[\"" + seed + "\"]") + ", " + setting + ".skip_unavailable\": "
                + (seed == null ? "null" : "true") + "}}");
    }

    /** The node reconnects a remote cluster whose seeds changed on its own time: the next page must not find it. */
    private void awaitDisconnected(String alias) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cluster.perform("GET", "/_remote/info", null).path(alias).path("connected").asBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the node let go of " + alias + " in time");
            Thread.sleep(100);
        }
    }

    /** A port nothing listens on: one just handed out and given back. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
