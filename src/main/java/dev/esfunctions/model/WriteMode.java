package dev.esfunctions.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How {@code upsert} writes a document whose id may already exist. */
public enum WriteMode {
    /**
     * Partial update with {@code doc_as_upsert}: fields merge into the stored document, created when absent. A
     * document guarded by {@code _ifSeqNo} must exist ({@code document_missing_exception} otherwise).
     */
    MERGE,
    /** The document becomes exactly the body ({@code index}). */
    REPLACE,
    /** Create only: an existing id is a per-document {@code version_conflict_engine_exception}. */
    CREATE;

    @JsonCreator
    public static WriteMode of(String json) {
        return Arrays.stream(values()).filter(mode -> mode.value().equals(json)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(values())
                        .map(WriteMode::value).collect(Collectors.joining(", ")) + ", not " + json));
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
