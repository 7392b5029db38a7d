package dev.esfunctions.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code scan}. The first call gives {@code index} and optionally {@code query}, {@code sort},
 * {@code source} and {@code size}; each following call passes back the {@code cursor} of the previous answer
 * (the other fields may be repeated, and must then be the same).
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record ScanRequest(String index, JsonNode query, Integer size, JsonNode sort, JsonNode source, String cursor,
        Slice slice) {
}
