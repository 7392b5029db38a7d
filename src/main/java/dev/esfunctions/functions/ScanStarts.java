package dev.esfunctions.functions;

import java.util.Objects;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.Cursors;
import dev.esfunctions.scan.ScanPosition;
import io.quarkus.runtime.StartupEvent;

/**
 * Where a scan, a copy or a scan-and-delete starts: from the first call's fields, or from a cursor, checked against
 * them, and against the index policy and the limits like a first call. Cursors are signed wherever the read allowlist
 * is narrower than {@code *}: a deployment that narrows it without a key does not start.
 */
@ApplicationScoped
class ScanStarts {

    private final IndexPolicy indices;
    private final Cursors cursors;
    private final EsFunctionsConfig config;

    ScanStarts(IndexPolicy indices, Cursors cursors, EsFunctionsConfig config) {
        this.indices = indices;
        this.cursors = cursors;
        this.config = config;
    }

    void requireSignedCursorsWhereReadsAreNarrowed(@Observes StartupEvent startup) {
        if (!indices.readsEverything() && !cursors.signed()) {
            throw new IllegalStateException("es-functions.cursor.key is not set, and es-functions.indices.read is "
                    + "narrower than *: set the key (base64 of at least 32 random bytes, e.g. 'openssl rand -base64 "
                    + "32'), the same on every instance, so that no caller can forge a cursor that reads elsewhere");
        }
    }

    /** The cursor that continues from {@code position}. */
    String cursor(ScanPosition position) {
        return position == null ? null : cursors.encode(position);
    }

    /** The start of a scan or copy, which read {@code index}. */
    ScanPosition reading(String index, JsonNode query, JsonNode sort, JsonNode source, Integer size, String cursor) {
        return position(index, query, sort, source, size, cursor, name -> indices.readable("index", name));
    }

    /** The start of the scan that finds what a delete by query deletes: ids only, from an index it may write. */
    ScanPosition deleting(String index, JsonNode query, String cursor) {
        return position(index, query, null, BooleanNode.FALSE, null, cursor, name -> indices.writable("index", name));
    }

    private ScanPosition position(String index, JsonNode query, JsonNode sort, JsonNode source, Integer size,
            String cursor, UnaryOperator<String> allowed) {
        Require.kind("query", query, JsonNode::isObject, "an object in the query DSL");
        Require.kind("sort", sort, s -> s.isArray() || s.isObject() || s.isTextual(), "a list of sort clauses");
        Require.kind("source", source, s -> s.isBoolean() || s.isTextual() || s.isArray(),
                "a list of field names, or false");
        Require.notAbove("size", size, config.limits().maxPageSize(), "es-functions.limits.max-page-size");
        if (cursor == null) {
            return ScanPosition.start(allowed.apply(index), query, sort, source,
                    (int) Require.atLeast("size", size, 1, config.scan().pageSize()));
        }
        ScanPosition position = cursors.decode(cursor);
        allowed.apply(position.index());
        Require.kind("query", position.query(), JsonNode::isObject, "an object in the query DSL");
        Require.notAbove("size", position.size(), config.limits().maxPageSize(), "es-functions.limits.max-page-size");
        Require.atLeast("size", position.size(), 1);
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
