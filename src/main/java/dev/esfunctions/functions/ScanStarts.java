package dev.esfunctions.functions;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPosition;

/** Where a scan or a copy starts: from the first call's fields, or from a cursor checked against them. */
final class ScanStarts {

    private ScanStarts() {
    }

    static ScanPosition position(String index, JsonNode query, JsonNode sort, JsonNode source, Integer size,
            String cursor, IndexPolicy indices, EsFunctionsConfig config) {
        Require.kind("query", query, JsonNode::isObject, "an object in the query DSL");
        Require.kind("sort", sort, s -> s.isArray() || s.isObject() || s.isTextual(), "a list of sort clauses");
        Require.kind("source", source, s -> s.isBoolean() || s.isTextual() || s.isArray(),
                "a list of field names, or false");
        if (cursor == null) {
            return ScanPosition.start(indices.readable("index", index), query, sort, source,
                    (int) Require.atLeast("size", Require.notAbove("size", size, config.limits().maxPageSize(),
                            "es-functions.limits.max-page-size"), 1, config.scan().pageSize()));
        }
        ScanPosition position = ScanPosition.fromCursor(cursor);
        indices.readable("index", position.index());
        requireSame("index", index, position.index());
        requireSame("query", query, position.query());
        requireSame("sort", sort, position.sort());
        requireSame("source", source, position.source());
        requireSame("size", size, position.size());
        return position;
    }

    private static void requireSame(String field, Object given, Object inCursor) {
        if (given != null && !Objects.equals(given, inCursor)) {
            throw new FunctionException(400, "cursor_mismatch", "field '" + field + "' differs from the scan the "
                    + "cursor continues: repeat the first call's '" + field + "', or leave it out");
        }
    }
}
