package dev.esfunctions.model;

/** Why one document of a bulk did not land; {@code id} is null when the document had no usable id. */
public record DocumentError(String id, int status, String type, String reason) {
}
