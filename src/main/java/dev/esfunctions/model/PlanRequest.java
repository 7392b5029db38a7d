package dev.esfunctions.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code plan}: the scan to split ({@code index}, {@code query}, {@code size}, and the {@code sort} and
 * {@code source} of a scan; a copy gives neither, a delete by query gives {@code "source": false}), and either the
 * number of {@code slices}, or at most how many ({@code maxSlices}) for the plan to choose from the index's shards
 * and matching documents.
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record PlanRequest(String index, JsonNode query, Integer size, JsonNode sort, JsonNode source, Integer slices,
        Integer maxSlices) {
}
