package dev.esfunctions.search;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.cluster.Endpoints;
import dev.esfunctions.model.RawJson;
import dev.esfunctions.model.SearchRequest;
import dev.esfunctions.model.SearchResult;
import io.smallrye.mutiny.Uni;

/** One {@code _search} call: the request's fields become Elasticsearch's search body, its answer what was found. */
@ApplicationScoped
public class SearchPipeline {

    private final ElasticsearchGateway gateway;
    private final ObjectMapper mapper;

    SearchPipeline(ElasticsearchGateway gateway, ObjectMapper mapper) {
        this.gateway = gateway;
        this.mapper = mapper;
    }

    /**
     * What a search found; {@code total} is null when not tracked, {@code aggregations} when none were asked for,
     * {@code shards} when every shard answered, {@code clusters} when every cluster answered whole (or only the local
     * one was searched), {@code timedOut} when the search did not time out.
     */
    public record Found(SearchResult.Total total, List<Hit> hits, RawJson aggregations, SearchResult.Shards shards,
            SearchResult.Clusters clusters, Boolean timedOut) {
    }

    /** Expects a validated request whose {@code size} is set. */
    public Uni<Found> search(SearchRequest search) {
        ObjectNode body = mapper.createObjectNode();
        body.set("query", search.query() != null ? search.query()
                : mapper.createObjectNode().set("match_all", mapper.createObjectNode()));
        body.put("size", search.size());
        if (search.from() != null) {
            body.put("from", search.from());
        }
        putIfPresent(body, "sort", search.sort());
        putIfPresent(body, "_source", search.source());
        putIfPresent(body, "aggs", search.aggs());
        putIfPresent(body, "search_after", search.searchAfter());
        putIfPresent(body, "track_total_hits", search.trackTotalHits());
        Request request = new Request("POST", Endpoints.of(search.index(), "_search"));
        if (search.allowPartialResults() != null) {
            request.addParameter("allow_partial_search_results", search.allowPartialResults().toString());
        }
        request.setJsonEntity(body.toString());
        return gateway.performBrief(request, SearchAnswer::read).map(answer -> found(search, answer));
    }

    private static void putIfPresent(ObjectNode body, String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            body.set(name, value);
        }
    }

    /**
     * Elasticsearch skips an unreachable remote cluster whatever {@code allow_partial_search_results} says (9.5.4
     * answers 200, {@code _clusters.skipped} 1): a search that refuses partial results is refused here instead.
     */
    private static Found found(SearchRequest search, SearchAnswer answer) {
        SearchResult.Clusters clusters = PartialAnswers.clusters(answer.clusters());
        if (clusters != null && Boolean.FALSE.equals(search.allowPartialResults())) {
            throw PartialAnswers.refusal("searching '" + search.index() + "'", clusters,
                    "'allowPartialResults' is false, so nothing was returned");
        }
        return new Found(answer.total(), answer.hits(), answer.aggregations(), PartialAnswers.shards(answer.shards()),
                clusters, answer.timedOut() ? Boolean.TRUE : null);
    }
}
