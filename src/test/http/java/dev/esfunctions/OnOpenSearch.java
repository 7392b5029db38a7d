package dev.esfunctions;

import java.util.Map;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The functions against the local OpenSearch 3.6.0, which has the modules the minimal Elasticsearch lacks. */
public class OnOpenSearch implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.elasticsearch.hosts", LocalElasticsearchConfigSourceFactory.localAddress(
                "test-opensearch", LocalElasticsearchConfigSourceFactory.OPENSEARCH_HOME));
    }
}
