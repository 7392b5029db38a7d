package dev.esfunctions.lambda;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The ETL functions deploy as Lambdas too; batch stands for them (it runs search, upsert, delete, scan and copy). */
@QuarkusTest
@TestProfile(BatchLambdaTest.Batch.class)
class BatchLambdaTest {

    public static class Batch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "batch");
        }
    }

    @Inject
    TestCluster cluster;

    @Test
    void batchRunsEveryOperationAndAnswersInOrder() {
        cluster.recreateIndex("lambda-batch", "{}");
        cluster.bulkIndex("lambda-batch", 5, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex("lambda-batch-copy");
        MockEventServer.invoke("""
                {"operations": [
                  {"copy": {"index": "lambda-batch", "target": "lambda-batch-copy"}},
                  {"scan": {"index": "lambda-batch", "size": 10}},
                  {"search": {"index": "lambda-batch-missing"}}
                ]}
                """)
                .statusCode(200)
                .body("results[0].copy.written", equalTo(5))
                .body("results[1].scan.hits.size()", equalTo(5))
                .body("results[2].error.status", equalTo(404));
    }
}
