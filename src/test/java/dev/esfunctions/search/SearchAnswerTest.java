package dev.esfunctions.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.esfunctions.model.SearchResult;

class SearchAnswerTest {

    @Test
    void sourcesSortValuesAndAggregationsAreTheExactBytesTheClusterSent() throws Exception {
        String source = "{\"text\":\"caf\\u00e9 \\\"q\\\" ☃\", \"price\": 1.10, \"nested\": {\"hits\": [1, {\"_source\": 2}]}}";
        String sort = "[\"b\\\"c\", 1.50, 123456789012345678901234567890, null]";
        String aggregations = "{\"by\": {\"buckets\": [{\"key\": \"c1\", \"doc_count\": 3}]}}";
        SearchAnswer answer = SearchAnswer.read(("{\"took\": 3, \"timed_out\": false, \"pit_id\": \"p==\","
                + " \"_shards\": {\"total\": 2, \"successful\": 2, \"skipped\": 0, \"failed\": 0},"
                + " \"hits\": {\"total\": {\"value\": 2, \"relation\": \"eq\"}, \"max_score\": null, \"hits\": ["
                + "{\"_index\": \"a\", \"_id\": \"1\", \"_score\": null, \"_routing\": \"r\", \"_source\": " + source
                + ", \"sort\": " + sort + "},"
                + "{\"_index\": \"b\", \"_id\": \"2\", \"_score\": 1.5, \"_ignored\": [\"x\"]}]},"
                + " \"aggregations\": " + aggregations + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals("p==", answer.pitId());
        assertFalse(answer.timedOut());
        assertEquals(new SearchResult.Total(2, "eq"), answer.total());
        assertEquals(2, answer.shards().path("total").asInt());
        assertEquals(2, answer.hits().size());
        Hit first = answer.hits().get(0);
        assertEquals("a", first.index());
        assertEquals("1", first.id());
        assertEquals("r", first.routing());
        assertNull(first.score());
        assertEquals(source, first.source().toString());
        assertEquals(sort, first.sort().toString());
        Hit second = answer.hits().get(1);
        assertEquals(new Hit("b", "2", null, 1.5, null, null), new Hit(second.index(), second.id(), second.routing(),
                second.score(), second.source(), second.sort()));
        assertEquals(aggregations, answer.aggregations().toString());
    }

    @Test
    void anAnswerWithoutHitsOrTotalAndATimeOutIsReadAsSuch() throws Exception {
        SearchAnswer answer = SearchAnswer.read("{\"timed_out\": true, \"hits\": {\"total\": 5, \"hits\": []}}"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(answer.timedOut());
        assertNull(answer.total());
        assertTrue(answer.hits().isEmpty());
        assertTrue(answer.shards().isMissingNode());
        assertTrue(answer.clusters().isMissingNode());
        assertNull(answer.aggregations());
    }

    @Test
    void theClustersOfACrossClusterSearchAreKeptAsATree() throws Exception {
        SearchAnswer answer = SearchAnswer.read(("{\"_shards\": {\"total\": 1, \"failed\": 0}, \"_clusters\": "
                + PartialAnswersTest.SKIPPED + ", \"hits\": {\"hits\": [{\"_index\": \"local-idx\", \"_id\": \"1\"}]}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, answer.clusters().path("skipped").asInt());
        assertEquals("skipped", answer.clusters().path("details").path("gone").path("status").asText());
        assertEquals(1, answer.hits().size());
    }

    @Test
    void aTruncatedAnswerIsAnError() {
        assertThrows(IOException.class, () -> SearchAnswer.read(
                "{\"hits\": {\"hits\": [{\"_id\": \"1\", \"_source\": {\"a\": ".getBytes(StandardCharsets.UTF_8)));
    }
}
