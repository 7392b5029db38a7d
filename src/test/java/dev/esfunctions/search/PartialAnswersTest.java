package dev.esfunctions.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.SearchResult;

class PartialAnswersTest {

    /** Elasticsearch 9.5.4's {@code _clusters} when the remote cluster 'gone' (skip_unavailable) is unreachable. */
    static final String SKIPPED = """
            {"total": 2, "successful": 1, "skipped": 1, "running": 0, "partial": 0, "failed": 0, "details": {
              "(local)": {"status": "successful", "indices": "local-idx", "took": 173, "timed_out": false,
                "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}},
              "gone": {"status": "skipped", "indices": "idx", "timed_out": false, "failures": [{"shard": -1,
                "index": null, "reason": {"type": "connect_transport_exception",
                "reason": "Unable to connect to [gone]"}}]}}}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSkippedClusterIsNamedWithItsReasonAndNoShard() throws Exception {
        SearchResult.Clusters clusters = PartialAnswers.clusters(JSON.readTree(SKIPPED));
        assertEquals(new SearchResult.Clusters(2, 1, 1, 0, 0, List.of(new SearchResult.Cluster("gone", "skipped", "idx",
                List.of(new SearchResult.ShardFailure(null, null, "connect_transport_exception",
                        "Unable to connect to [gone]"))))), clusters);
        FunctionException refused = PartialAnswers.refusal("reading 'local-idx,gone:idx'", clusters, "read it again");
        assertEquals(502, refused.status());
        assertEquals("remote_cluster_failures", refused.type());
        assertEquals("reading 'local-idx,gone:idx': 1 of 2 clusters did not answer whole (gone skipped: "
                + "connect_transport_exception: Unable to connect to [gone]); read it again", refused.reason());
    }

    @Test
    void aPartialClusterListsItsShardFailures() throws Exception {
        SearchResult.Clusters clusters = PartialAnswers.clusters(JSON.readTree("""
                {"total": 2, "successful": 1, "skipped": 0, "partial": 1, "failed": 0, "details": {
                  "(local)": {"status": "successful", "indices": "a"},
                  "eu": {"status": "partial", "indices": "b", "failures": [{"shard": 0, "index": "eu:b",
                    "reason": {"type": "query_shard_exception", "reason": "failed to create query"}}]}}}"""));
        assertEquals(List.of(new SearchResult.Cluster("eu", "partial", "b", List.of(
                new SearchResult.ShardFailure("eu:b", 0, "query_shard_exception", "failed to create query")))),
                clusters.incomplete());
    }

    @Test
    void clustersThatAllAnsweredOrNoneAtAllAreNothingToReport() throws Exception {
        assertNull(PartialAnswers.clusters(MissingNode.getInstance()));
        assertNull(PartialAnswers.clusters(JSON.readTree("{\"total\": 2, \"successful\": 2, \"skipped\": 0, "
                + "\"running\": 0, \"partial\": 0, \"failed\": 0}")));
    }

    @Test
    void countsWithoutDetailsStillReport() throws Exception {
        // OpenSearch, and Elasticsearch before 8.10, count the clusters but name none.
        SearchResult.Clusters clusters = PartialAnswers.clusters(JSON.readTree(
                "{\"total\": 2, \"successful\": 1, \"skipped\": 1}"));
        assertEquals(1, clusters.skipped());
        assertTrue(clusters.incomplete().isEmpty());
        assertTrue(PartialAnswers.refusal("reading 'x'", clusters, "again").reason()
                .contains("1 of 2 clusters did not answer whole (the cluster did not name them)"));
    }
}
