package dev.esfunctions.lambda;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.FaultInjectingProxy;
import dev.esfunctions.TestCluster;
import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * On Lambda the invocation's time bounds the call: with a Timeout of 3 s (es-functions.platform.invocation-timeout,
 * which the SAM template sets from the same value) and a 1 s margin, an upsert against a slow cluster answers before
 * the platform would end it, reporting what it did not attempt.
 */
@QuarkusTest
@TestProfile(LambdaDeadlineTest.ThreeSecondLambda.class)
class LambdaDeadlineTest {

    public static class ThreeSecondLambda implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.funqy.export", "upsert",
                    "quarkus.elasticsearch.hosts", "127.0.0.1:" + proxy,
                    "es-functions.platform.invocation-timeout", "3s",
                    "es-functions.platform.margin", "1s",
                    "es-functions.bulk.max-reported-errors", "2000");
        }
    }

    @Inject
    TestCluster cluster;

    @Test
    void anUpsertAgainstASlowClusterAnswersBeforeTheInvocationTimeout() {
        cluster.recreateIndex("lambda-deadline", "{}");
        // The time measured here is the test's: RestAssured's first request in a JVM, and the mock event server's
        // relay, which are not the platform's. One invocation that the function refuses at once takes that first.
        MockEventServer.invoke("{\"index\": \"lambda-deadline\"}").body(containsString("docs"));
        FaultInjectingProxy.reset();
        FaultInjectingProxy.delayBulkRequests(400);
        String docs = IntStream.range(0, 2000).mapToObj(i -> "{\"_id\": \"" + i + "\"}").collect(Collectors.joining(","));
        JsonPath result = MockEventServer.invoke("{\"index\": \"lambda-deadline\", \"batchSize\": 100, "
                + "\"concurrency\": 1, \"docs\": [" + docs + "]}")
                .statusCode(200).time(lessThan(3000L))
                .body("total", equalTo(2000))
                .extract().jsonPath();
        int succeeded = result.getInt("succeeded");
        assertEquals(succeeded / 100, FaultInjectingProxy.bulkRequests(), "no request started after the deadline");
        assertEquals(2000 - succeeded, result.getList("errors.type").stream().filter("not_attempted"::equals).count());
        assertEquals(succeeded, cluster.count("lambda-deadline"));
    }
}
