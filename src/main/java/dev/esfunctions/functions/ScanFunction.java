package dev.esfunctions.functions;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.elasticsearch.IndexPolicy;
import dev.esfunctions.elasticsearch.ScanPipeline;
import dev.esfunctions.elasticsearch.ScanPosition;
import dev.esfunctions.elasticsearch.Timing;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.ScanRequest;
import dev.esfunctions.model.ScanResult;
import dev.esfunctions.model.SearchResult;
import dev.esfunctions.observability.Measured;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Measured
public class ScanFunction {

    private final ScanPipeline scan;
    private final IndexPolicy indices;
    private final EsFunctionsConfig config;

    ScanFunction(ScanPipeline scan, IndexPolicy indices, EsFunctionsConfig config) {
        this.scan = scan;
        this.indices = indices;
        this.config = config;
    }

    @Funq
    public Uni<ScanResult> scan(ScanRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Require.body(request, "scan", "{\"index\": \"products\", \"size\": 1000}");
            ScanPosition position = position(request.index(), request.query(), request.sort(), request.source(),
                    request.size(), request.cursor(), indices, config);
            return scan.page(position).map(page -> new ScanResult(Timing.millisSince(start),
                    page.hits().stream().map(ScanFunction::hit).toList(),
                    page.next() == null ? null : page.next().toCursor()));
        });
    }

    /** Where a scan (or a copy) starts: from its cursor, or from the beginning. Shared with {@link CopyFunction}. */
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

    private static SearchResult.Hit hit(JsonNode hit) {
        return new SearchResult.Hit(hit.path("_index").asText(), hit.path("_id").asText(), null, hit.get("_source"),
                null);
    }
}
