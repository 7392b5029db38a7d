package dev.esfunctions.lambda;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LambdaProfiles.Search.class)
class SearchLambdaTest {

    @Inject
    TestCluster cluster;

    @Test
    void searchAnswersTheSameContractAsOverHttp() {
        cluster.recreateIndex("lambda-search", "{\"properties\": {\"price\": {\"type\": \"integer\"}}}");
        cluster.index("lambda-search", "1", "{\"price\": 10}");
        cluster.index("lambda-search", "2", "{\"price\": 20}");
        cluster.refresh("lambda-search");
        MockEventServer.invoke("{\"index\": \"lambda-search\", \"sort\": [{\"price\": \"desc\"}]}")
                .statusCode(200)
                .body("total.value", equalTo(2))
                .body("hits[0].id", equalTo("2"))
                .body("hits[0].source.price", equalTo(20));
    }

    @Test
    void unknownIndexIsAFunctionErrorWithElasticsearchsReason() {
        MockEventServer.invoke("{\"index\": \"lambda-no-such-index\"}")
                .statusCode(500)
                .body("errorMessage", containsString("\"status\":404"))
                .body("errorMessage", containsString("index_not_found_exception"));
    }
}
