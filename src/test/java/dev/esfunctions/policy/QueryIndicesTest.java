package dev.esfunctions.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.policy.QueryIndices.Reference;

class QueryIndicesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyConstructThatReadsAnotherIndexIsFoundWhereverItIsNested() throws Exception {
        String query = """
                {"bool": {"filter": [
                  {"terms": {"tag": {"index": "lookup-a", "id": "1", "path": "tags"}}},
                  {"more_like_this": {"fields": ["t"], "like": [{"_index": "mlt-like", "_id": "1"}, "some text"],
                                      "unlike": {"_index": "mlt-unlike", "_id": "2"}}},
                  {"geo_shape": {"area": {"indexed_shape": {"index": "shape-a", "id": "1"}}}},
                  {"shape": {"area": {"indexed_shape": {"id": "2"}}}},
                  {"function_score": {"query": {"percolate": {"field": "q", "index": "stored", "id": "1"}}}},
                  {"pinned": {"docs": [{"_index": "pins", "_id": "1"}], "organic": {"match_all": {}}}},
                  {"terms": {"status": ["a", "b"]}}]}}""";
        assertEquals(List.of(
                new Reference("query.bool.filter[0].terms.tag.index", "lookup-a"),
                new Reference("query.bool.filter[1].more_like_this.like[0]._index", "mlt-like"),
                new Reference("query.bool.filter[1].more_like_this.unlike._index", "mlt-unlike"),
                new Reference("query.bool.filter[2].geo_shape.area.indexed_shape.index", "shape-a"),
                new Reference("query.bool.filter[3].shape.area.indexed_shape.index", "shapes"),
                new Reference("query.bool.filter[4].function_score.query.percolate.index", "stored"),
                new Reference("query.bool.filter[5].pinned.docs[0]._index", "pins")),
                QueryIndices.of("query", JSON.readTree(query)));
    }

    @Test
    void aggregationsAreReadTheSameWayAndATermsAggregationReadsNothing() throws Exception {
        String aggs = """
                {"by_tag": {"terms": {"field": "tag", "order": {"_count": "desc"}}},
                 "matching": {"filter": {"terms": {"tag": {"index": "lookup-b", "id": "1", "path": "t"}}}}}""";
        assertEquals(List.of(new Reference("aggs.matching.filter.terms.tag.index", "lookup-b")),
                QueryIndices.of("aggs", JSON.readTree(aggs)));
    }

    @Test
    void aWrapperQueryHidesWhatItReadsAndIsRefused() throws Exception {
        FunctionException refused = assertThrows(FunctionException.class, () -> QueryIndices.of("query",
                JSON.readTree("{\"bool\": {\"must\": [{\"wrapper\": {\"query\": \"eyJtYXRjaF9hbGwiOnt9fQ==\"}}]}}")));
        assertEquals(400, refused.status());
        assertEquals("field 'query.bool.must[0].wrapper' hides its query in base64, where the indices it reads cannot "
                + "be checked: send the query itself", refused.reason());
    }
}
