package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Input of {@code upsert}. Each document carries its {@code _id} and optionally {@code _routing} and, for optimistic
 * concurrency, {@code _ifSeqNo} with {@code _ifPrimaryTerm}; these are taken out of the body before it is written.
 * {@code batchSize}, {@code batchBytes}, {@code concurrency}, {@code adaptiveConcurrency} and {@code timeoutMs}
 * override the configured defaults. {@code deadLetterIndex} is where the documents the cluster refuses for good are
 * written, with their errors (by default {@code es-functions.dead-letter.index}, if set).
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record UpsertRequest(
        String index,
        // a null document fails alone, as any entry that is not a document
        @JsonSetter(contentNulls = Nulls.SET)
        List<SourceDocument> docs,
        Refresh refresh,
        WriteMode mode,
        String pipeline,
        Integer batchSize,
        Long batchBytes,
        Integer concurrency,
        Boolean adaptiveConcurrency,
        Long timeoutMs,
        String deadLetterIndex) {

    /** The same request with {@code timeoutMs}: a batch gives an operation no more time than it has left. */
    public UpsertRequest withTimeoutMs(Long timeoutMs) {
        return new UpsertRequest(index, docs, refresh, mode, pipeline, batchSize, batchBytes, concurrency,
                adaptiveConcurrency, timeoutMs, deadLetterIndex);
    }

    /** The same request, dead-lettering to {@code deadLetterIndex} unless it names its own (a batch's default). */
    public UpsertRequest withDefaultDeadLetterIndex(String deadLetterIndex) {
        return this.deadLetterIndex != null || deadLetterIndex == null ? this
                : new UpsertRequest(index, docs, refresh, mode, pipeline, batchSize, batchBytes, concurrency,
                        adaptiveConcurrency, timeoutMs, deadLetterIndex);
    }
}
