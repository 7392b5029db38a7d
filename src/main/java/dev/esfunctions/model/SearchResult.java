package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** Output of {@code search}; {@code total} is absent when {@code trackTotalHits} is false. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(long took, Total total, List<Hit> hits, JsonNode aggregations) {

    public record Total(long value, String relation) {
    }

    /** {@code score} is absent when sorting by a field, {@code sort} when not sorting, {@code source} when excluded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(String index, String id, Double score, JsonNode source, JsonNode sort) {
    }
}
