package dev.esfunctions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A {@code _delete_by_query} task (OpenSearch, through the proxy) whose polls the cluster fails: for a moment, and
 * the delete is followed to its end; for good, and the call says the task may still be deleting, naming it, instead
 * of failing as if nothing ran.
 */
@QuarkusTest
@TestProfile(DeleteByQueryTaskTest.OpenSearchThroughProxy.class)
class DeleteByQueryTaskTest {

    private static final String INDEX = "delete-by-query-task";
    private static final int DOCUMENTS = 5_000;
    private static final String DELETE = "{\"index\": \"" + INDEX + "\", \"query\": {\"range\": {\"n\": {\"gte\": 0}}}, "
            + "\"timeoutMs\": 30000}";

    public static class OpenSearchThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress(
                    "test-opensearch", LocalElasticsearchConfigSourceFactory.OPENSEARCH_HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxy);
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void matchingDocuments() {
        FaultInjectingProxy.reset();
        cluster.recreateIndex(INDEX, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex(INDEX, DOCUMENTS, i -> "{\"n\": " + i + "}");
    }

    @AfterEach
    void transparentProxy() {
        FaultInjectingProxy.reset();
    }

    @Test
    void pollsTheClusterFailsForAMomentAreSentAgain() {
        FaultInjectingProxy.refuseTaskRequests(3);
        DeleteByQueryTest.deleteByQuery(DELETE).statusCode(200).body("total", equalTo(DOCUMENTS))
                .body("deleted", equalTo(DOCUMENTS));
        assertEquals(0, cluster.count(INDEX));
    }

    @Test
    void aTaskOutOfSightIsNamedAndNotTakenForFailed() {
        FaultInjectingProxy.refuseTaskRequests(1_000);
        DeleteByQueryTest.deleteByQuery(DELETE).statusCode(502).body("error.type", equalTo("delete_task_lost"))
                .body("error.reason", containsString("GET _tasks/"));
        FaultInjectingProxy.reset();
        // The task went on deleting unseen, as the answer said it might.
        KilledNodeTest.await(() -> cluster.count(INDEX) == 0, Duration.ofSeconds(30));
    }
}
