package dev.esfunctions.functions;

import java.util.Objects;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.cluster.SigV4Signing;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.Slice;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.Cursors;
import dev.esfunctions.scan.ScanPosition;
import dev.esfunctions.scan.ScanSlice;
import io.quarkus.runtime.StartupEvent;

/**
 * Where a scan, a copy or a scan-and-delete starts: from the first call's fields, or from a cursor, checked against
 * them, and against the index policy and the limits like a first call. None starts on OpenSearch Serverless. Cursors are signed wherever the read allowlist
 * is narrower than {@code *}: a deployment that narrows it without a key does not start.
 */
@ApplicationScoped
class ScanStarts {

    private final IndexPolicy indices;
    private final Cursors cursors;
    private final EsFunctionsConfig config;
    private final SigV4Signing aws;

    ScanStarts(IndexPolicy indices, Cursors cursors, EsFunctionsConfig config, SigV4Signing aws) {
        this.indices = indices;
        this.cursors = cursors;
        this.config = config;
        this.aws = aws;
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
    ScanPosition reading(String index, JsonNode query, JsonNode sort, JsonNode source, Integer size, Slice slice,
            String cursor) {
        return position(index, query, sort, source, size, slice, cursor, name -> indices.readable("index", name));
    }

    /** The start of the scan that finds what a delete by query deletes: ids only, from an index it may write. */
    ScanPosition deleting(String index, JsonNode query, Slice slice, String cursor) {
        return position(index, query, null, BooleanNode.FALSE, null, slice, cursor,
                name -> indices.writable("index", name));
    }

    /** The slice a request names, checked: null for none. */
    static ScanSlice slice(Slice slice) {
        if (slice == null) {
            return null;
        }
        if (slice.id() == null || slice.max() == null) {
            throw FunctionException.invalidField("slice", "needs both 'id' (from 0) and 'max' (the number of "
                    + "slices), e.g. {\"id\": 0, \"max\": 4}");
        }
        Require.atLeast("slice.max", slice.max(), 2, 2);
        Require.notAbove("slice.max", slice.max(), ScanSlice.MAX_SLICES, "Elasticsearch's index.max_slices_per_scroll");
        if (slice.id() < 0 || slice.id() >= slice.max()) {
            throw FunctionException.invalidField("slice.id", "must be from 0 to " + (slice.max() - 1)
                    + " for 'max' " + slice.max() + ", not " + slice.id());
        }
        return new ScanSlice(slice.id(), slice.max());
    }

    private ScanPosition position(String index, JsonNode givenQuery, JsonNode givenSort, JsonNode givenSource,
            Integer size, Slice requestedSlice, String cursor, UnaryOperator<String> allowed) {
        aws.requireNotServerless("scan, copy, plan and delete by query read through a point-in-time (and delete by "
                + "query runs _delete_by_query as a task)");
        // A field given as null is a field not given: a step that repeats its request with "query": null continues.
        JsonNode query = absentIfNull(givenQuery);
        JsonNode sort = absentIfNull(givenSort);
        JsonNode source = absentIfNull(givenSource);
        ScanSlice slice = slice(requestedSlice);
        Require.kind("query", query, JsonNode::isObject, "an object in the query DSL");
        Require.kind("sort", sort, s -> s.isArray() || s.isObject() || s.isTextual(), "a list of sort clauses");
        Require.kind("source", source, s -> s.isBoolean() || s.isTextual() || s.isArray(),
                "a list of field names, or false");
        Require.notAbove("size", size, config.limits().maxPageSize(), "es-functions.limits.max-page-size");
        if (cursor == null) {
            return ScanPosition.start(allowed.apply(index), query, sort, source,
                    (int) Require.atLeast("size", size, 1, config.scan().pageSize()), slice);
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
        requireSame("slice", slice, position.slice());
        return position;
    }

    private static JsonNode absentIfNull(JsonNode field) {
        return field == null || field.isNull() ? null : field;
    }

    private static void requireSame(String field, Object given, Object inCursor) {
        if (given != null && !Objects.equals(given, inCursor)) {
            throw new FunctionException(400, "cursor_mismatch", "field '" + field + "' differs from the scan the "
                    + "cursor continues: repeat the first call's '" + field + "', or leave it out");
        }
    }
}
