package dev.esfunctions;

import java.util.Map;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The cases of {@link DeleteByQueryTest} on OpenSearch 3.6.0, which has _delete_by_query: the same answers. */
@QuarkusTest
@TestProfile(OpenSearchDeleteByQueryTest.OnOpenSearch.class)
class OpenSearchDeleteByQueryTest extends DeleteByQueryTest {

    public static class OnOpenSearch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.elasticsearch.hosts", LocalElasticsearchConfigSourceFactory.localAddress(
                    "test-opensearch", LocalElasticsearchConfigSourceFactory.OPENSEARCH_HOME));
        }
    }
}
