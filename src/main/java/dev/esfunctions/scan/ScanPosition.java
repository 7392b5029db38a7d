package dev.esfunctions.scan;

import java.io.IOException;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.errors.FunctionException;

/**
 * Where a scan stands: the point-in-time, the sort values of the last hit read, and what is scanned. It travels to
 * the caller as an opaque cursor (URL-safe base64 of JSON) so that the function keeps no state between calls.
 * {@code pitId} is null before the point-in-time is opened, {@code after} before the first page has been read.
 */
public record ScanPosition(String index, String pitId, JsonNode after, JsonNode query, JsonNode sort, JsonNode source,
        int size) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ScanPosition start(String index, JsonNode query, JsonNode sort, JsonNode source, int size) {
        return new ScanPosition(index, null, null, query, sort, source, size);
    }

    /** The same position, read through point-in-time {@code pitId}. */
    ScanPosition withPointInTime(String pitId) {
        return new ScanPosition(index, pitId, after, query, sort, source, size);
    }

    ScanPosition after(String pitId, JsonNode lastSortValues) {
        return new ScanPosition(index, pitId, lastSortValues, query, sort, source, size);
    }

    public String toCursor() {
        ObjectNode cursor = JSON.createObjectNode().put("index", index).put("pit", pitId).put("size", size);
        cursor.set("after", after);
        cursor.set("query", query);
        cursor.set("sort", sort);
        cursor.set("source", source);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(cursor));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ScanPosition fromCursor(String cursor) {
        try {
            JsonNode json = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            JsonNode after = json.path("after");
            if (json.path("index").isTextual() && json.path("pit").isTextual() && (after.isArray() || after.isNull())
                    && json.path("size").isInt()) {
                return new ScanPosition(json.get("index").asText(), json.get("pit").asText(), present(after),
                        present(json.get("query")), present(json.get("sort")), present(json.get("source")),
                        json.get("size").asInt());
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw new FunctionException(400, "invalid_cursor", "field 'cursor' is not a cursor this function returned: "
                + "pass the 'cursor' of the previous answer as it is, or leave it out to start from the beginning");
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
