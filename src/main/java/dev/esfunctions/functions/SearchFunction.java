package dev.esfunctions.functions;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.SearchRequest;
import dev.esfunctions.model.SearchResult;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.search.SearchPipeline;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Singleton
@Measured
public class SearchFunction {

    private static final int DEFAULT_SIZE = 10;

    private final SearchPipeline pipeline;
    private final IndexPolicy indices;
    private final int maxPageSize;

    SearchFunction(SearchPipeline pipeline, IndexPolicy indices, EsFunctionsConfig config) {
        this.pipeline = pipeline;
        this.indices = indices;
        this.maxPageSize = config.limits().maxPageSize();
    }

    @Funq
    public Uni<SearchResult> search(SearchRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            SearchRequest search = validated(request);
            Uni<Void> queryReads = indices.confirmQueryReadable("query", search.query());
            Uni<Void> aggsRead = indices.confirmQueryReadable("aggs", search.aggs());
            return indices.confirmReadable("index", search.index()).call(() -> queryReads).call(() -> aggsRead)
                    .flatMap(ignored -> pipeline.search(search))
                    .map(found -> {
                        found.hits().forEach(hit -> requireReadable(search.index(), hit.index()));
                        return new SearchResult(Timing.millisSince(start), found.total(),
                                found.hits().stream().map(hit -> new SearchResult.Hit(hit.index(), hit.id(),
                                        hit.score(), hit.source(), hit.sort())).toList(),
                                found.aggregations(), found.shards(), found.clusters(), found.timedOut());
                    });
        });
    }

    private SearchRequest validated(SearchRequest request) {
        Require.body(request, "search", "{\"index\": \"products\", \"query\": {\"match_all\": {}}}");
        Require.kind("query", request.query(), JsonNode::isObject, "an object in the query DSL, e.g. {\"match_all\": {}}");
        Require.kind("sort", request.sort(), s -> s.isArray() || s.isObject() || s.isTextual(),
                "a list of sort clauses, e.g. [{\"price\": \"asc\"}]");
        Require.kind("source", request.source(), s -> s.isBoolean() || s.isTextual() || isListOfStrings(s),
                "a list of field names, or false");
        Require.kind("aggs", request.aggs(), JsonNode::isObject, "an object of named aggregations");
        Require.kind("searchAfter", request.searchAfter(), JsonNode::isArray,
                "the 'sort' values of the last hit of the previous page");
        Require.kind("trackTotalHits", request.trackTotalHits(), t -> t.isBoolean() || t.isIntegralNumber(),
                "true, false or a number");
        return new SearchRequest(indices.readable("index", request.index()), request.query(),
                (int) Require.atLeast("size", Require.notAbove("size", request.size(), maxPageSize,
                        "es-functions.limits.max-page-size"), 0, DEFAULT_SIZE),
                request.from() == null ? null : (int) Require.atLeast("from", request.from(), 0),
                request.sort(), request.source(), request.aggs(), request.searchAfter(), request.trackTotalHits(),
                request.allowPartialResults());
    }

    /** Whatever the expression reached, a hit of an index outside the read allowlist is not returned. */
    private void requireReadable(String expression, String index) {
        if (!indices.mayRead(index)) {
            throw new FunctionException(403, "index_not_allowed", "the search of '" + expression + "' reached index '"
                    + index + "', outside the indices this deployment may read (es-functions.indices.read)");
        }
    }

    private static boolean isListOfStrings(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
