package dev.esfunctions.lambda;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LambdaProfiles.Delete.class)
class DeleteLambdaTest {

    @Inject
    TestCluster cluster;

    @Test
    void deleteAnswersTheSameContractAsOverHttp() {
        cluster.recreateIndex("lambda-delete", "{}");
        cluster.index("lambda-delete", "1", "{\"n\": 1}");
        MockEventServer.invoke("{\"index\": \"lambda-delete\", \"ids\": [\"1\", \"2\"], \"refresh\": true}")
                .statusCode(200)
                .body("deleted", equalTo(1)).body("notFound", equalTo(1)).body("failed", equalTo(0));
        assertEquals(0, cluster.count("lambda-delete"));
    }
}
