package dev.esfunctions.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.esfunctions.cluster.Distribution;
import dev.esfunctions.cluster.Server;

class TiebreakerTest {

    @Test
    void shardDocWhereTheServerHasItTheIndexAndIdBefore() {
        assertEquals(List.of("_shard_doc"), ScanPipeline.tiebreaker(new Server(Distribution.ELASTICSEARCH, 7, 17)));
        assertEquals(List.of("_shard_doc"), ScanPipeline.tiebreaker(new Server(Distribution.ELASTICSEARCH, 0, 0)),
                "an Elasticsearch that did not say its version has a point-in-time, so _shard_doc too (7.12 on)");
        assertEquals(List.of("_shard_doc"), ScanPipeline.tiebreaker(new Server(Distribution.OPENSEARCH, 3, 3)));
        assertEquals(List.of("_index", "_id"), ScanPipeline.tiebreaker(new Server(Distribution.OPENSEARCH, 3, 2)));
        assertEquals(List.of("_index", "_id"), ScanPipeline.tiebreaker(new Server(Distribution.OPENSEARCH, 2, 19)));
    }
}
