package dev.esfunctions.search;

import dev.esfunctions.model.RawJson;

/**
 * One hit as the cluster sent it: where the document is, and its {@code _source} and {@code sort} values as raw JSON
 * that is passed on, never parsed. {@code routing}, {@code score}, {@code source} and {@code sort} are null when the
 * hit has none.
 */
public record Hit(String index, String id, String routing, Double score, RawJson source, RawJson sort) {
}
