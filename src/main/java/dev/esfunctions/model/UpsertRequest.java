package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Input of {@code upsert}: each document carries its {@code _id}; the rest of it is merged into the stored one. */
public record UpsertRequest(String index, List<JsonNode> docs, Refresh refresh) {
}
