package dev.esfunctions.model;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Field {@code slice} of {@code scan}, {@code copy} and {@code delete} by query: read only slice {@code id} (from 0)
 * of {@code max} of the documents, so that {@code max} sequences of calls, each with its own cursor, share the work
 * and together read every document once. A {@code plan} answers the slices with their first cursors.
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record Slice(Integer id, Integer max) {
}
