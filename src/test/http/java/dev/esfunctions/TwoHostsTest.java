package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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
 * Two hosts: two proxies in front of the same cluster (they count and fault requests together). The client must not
 * send a request to the second node on its own after the first may have applied it: the engine would read the
 * second node's answer (a version conflict for a {@code create}) as the fate of a request it believes it sent once.
 */
@QuarkusTest
@TestProfile(TwoHostsTest.TwoProxies.class)
class TwoHostsTest {

    private static final String INDEX = "two-hosts";
    private static final int DOCUMENTS = 40;

    public static class TwoProxies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String cluster = LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME);
            int first = FaultInjectingProxy.start(cluster);
            int second = FaultInjectingProxy.start(cluster, "second node");
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + first + ",127.0.0.1:" + second,
                    "es-functions.request-timeout", "2s",
                    "es-functions.bulk.initial-backoff", "10ms",
                    "es-functions.bulk.max-backoff", "50ms");
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void emptyIndexAndTransparentProxies() {
        cluster.recreateIndex(INDEX, "{}");
        FaultInjectingProxy.reset();
    }

    @Test
    void aCreateWhoseAnswerWasLostOnOneNodeIsUnknownNotAConflictFromTheNext() {
        for (BulkFault lost : new BulkFault[] { BulkFault.BAD_GATEWAY_AFTER_FORWARDING,
                BulkFault.RESET_AFTER_FORWARDING }) {
            cluster.recreateIndex(INDEX, "{}");
            FaultInjectingProxy.reset();
            FaultInjectingProxy.failBulkRequest(1, lost);
            JsonPath result = upsert("create");
            assertEquals(1, FaultInjectingProxy.bulkRequests(), lost + ": the request went to one node only");
            assertEquals(DOCUMENTS, result.getList("errors.type").stream().filter("outcome_unknown"::equals).count(),
                    lost + ": " + result.getList("errors.type"));
            assertEquals(DOCUMENTS, cluster.count(INDEX), lost + ": applied once");
        }
    }

    private static JsonPath upsert(String mode) {
        return given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\", \"mode\": \"" + mode
                + "\", \"docs\": [" + IntStream.range(0, DOCUMENTS)
                        .mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i + "}").collect(Collectors.joining(","))
                + "]}").post("/upsert").then().log().ifValidationFails().statusCode(200)
                .body("total", equalTo(DOCUMENTS)).extract().jsonPath();
    }
}
