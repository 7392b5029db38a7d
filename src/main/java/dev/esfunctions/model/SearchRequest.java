package dev.esfunctions.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code search}. The JSON-valued fields are passed to Elasticsearch as they are: {@code query}, {@code sort},
 * {@code aggs} and {@code searchAfter} in the query DSL, {@code source} as a list of fields or {@code false},
 * {@code trackTotalHits} as a boolean or a number. With {@code allowPartialResults: false}, a search that some shards
 * could not answer fails instead of answering the others' hits (Elasticsearch's
 * {@code allow_partial_search_results}).
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record SearchRequest(
        String index,
        JsonNode query,
        Integer size,
        Integer from,
        JsonNode sort,
        JsonNode source,
        JsonNode aggs,
        JsonNode searchAfter,
        JsonNode trackTotalHits,
        Boolean allowPartialResults) {
}
