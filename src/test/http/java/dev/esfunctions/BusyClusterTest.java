package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;


import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A cluster that is overloaded slows a call down instead of failing it: on a node of its own with one write thread
 * and a write queue of one, a call sending 8 requests at once learns to send fewer (adaptive concurrency) and lands
 * everything.
 */
@QuarkusTest
@TestProfile(BusyClusterTest.OneWriteThread.class)
class BusyClusterTest {

    private static final Logger LOG = Logger.getLogger(BusyClusterTest.class);

    public static class OneWriteThread implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.elasticsearch.hosts", LocalElasticsearchConfigSourceFactory.dedicatedNode(
                    "test-busy-cluster", LocalElasticsearchConfigSourceFactory.HOME,
                    List.of("thread_pool.write.size=1", "thread_pool.write.queue_size=1")),
                    "es-functions.limits.max-documents", "20000");
        }
    }

    @Inject
    TestCluster cluster;


    @Test
    void adaptiveConcurrencyLandsEverythingWithFewerRetriesThanAFixedOne() {
        JsonPath adaptive = load("busy-adaptive", true);
        JsonPath fixed = load("busy-fixed", false);
        LOG.infof("20,000 documents at concurrency 8 on one write thread and a queue of one: adaptive %d retries, "
                + "%d failed, concurrency lowest %d final %d, %d ms; fixed %d retries, %d failed, %d ms",
                adaptive.getInt("retries"), adaptive.getInt("failed"), adaptive.getInt("concurrency.lowest"),
                adaptive.getInt("concurrency.final"), adaptive.getLong("took"), fixed.getInt("retries"),
                fixed.getInt("failed"), fixed.getLong("took"));
        assertEquals(20_000, adaptive.getInt("succeeded"), "adaptive: every document lands");
        assertEquals(20_000, cluster.count("busy-adaptive"));
        assertTrue(adaptive.getInt("concurrency.lowest") < 8, "the cluster's rejections lowered the concurrency");
        assertTrue(adaptive.getInt("retries") < fixed.getInt("retries"),
                "fewer retries adaptive (" + adaptive.getInt("retries") + ") than fixed (" + fixed.getInt("retries") + ")");
        assertEquals(8, fixed.getInt("concurrency.lowest"));
    }

    private JsonPath load(String index, boolean adaptive) {
        cluster.recreateIndexWith(index, "{\"settings\": {\"number_of_shards\": 1}}");
        String docs = IntStream.range(0, 20_000).mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i + "}")
                .collect(Collectors.joining(","));
        return given().contentType(ContentType.JSON)
                .body("{\"index\": \"" + index + "\", \"batchSize\": 500, \"concurrency\": 8, \"adaptiveConcurrency\": "
                        + adaptive + ", \"docs\": [" + docs + "]}")
                .post("/upsert").then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }
}
