package dev.esfunctions.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code copy}: documents of {@code index} matching {@code query} are written to {@code target}, transformed
 * in this order: {@code include} (keep only these top-level fields), {@code exclude}, {@code rename} (old to new
 * name), {@code set} (fields to constant values). The target id is the source id, or the value of the source field
 * {@code idFrom}. A call stops at the first page boundary after {@code maxDurationMs}; pass its {@code cursor} to
 * the next call, with the same request, until the cursor is null. {@code deadLetterIndex} is where the documents the
 * target refuses for good are written, with their errors (by default {@code es-functions.dead-letter.index}, if set).
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record CopyRequest(
        String index,
        JsonNode query,
        String target,
        List<String> include,
        List<String> exclude,
        Map<String, String> rename,
        // null is a value to set
        @JsonSetter(contentNulls = Nulls.SET)
        Map<String, JsonNode> set,
        String idFrom,
        Integer size,
        Long maxDurationMs,
        String cursor,
        WriteMode mode,
        Refresh refresh,
        Integer batchSize,
        Long batchBytes,
        Integer concurrency,
        Boolean adaptiveConcurrency,
        Slice slice,
        String deadLetterIndex) {

    /** The same request, continued from {@code cursor}. */
    public CopyRequest withCursor(String cursor) {
        return new CopyRequest(index, query, target, include, exclude, rename, set, idFrom, size, maxDurationMs, cursor,
                mode, refresh, batchSize, batchBytes, concurrency, adaptiveConcurrency, slice, deadLetterIndex);
    }

    /** The same request with {@code maxDurationMs}: a batch gives an operation no more time than it has left. */
    public CopyRequest withMaxDurationMs(Long maxDurationMs) {
        return new CopyRequest(index, query, target, include, exclude, rename, set, idFrom, size, maxDurationMs, cursor,
                mode, refresh, batchSize, batchBytes, concurrency, adaptiveConcurrency, slice, deadLetterIndex);
    }

    /** The same request, dead-lettering to {@code deadLetterIndex} unless it names its own (a batch's default). */
    public CopyRequest withDefaultDeadLetterIndex(String deadLetterIndex) {
        return this.deadLetterIndex != null || deadLetterIndex == null ? this
                : new CopyRequest(index, query, target, include, exclude, rename, set, idFrom, size, maxDurationMs,
                        cursor, mode, refresh, batchSize, batchBytes, concurrency, adaptiveConcurrency, slice,
                        deadLetterIndex);
    }
}
