package dev.esfunctions.model;

import java.util.List;

/** Input of {@code delete}. */
public record DeleteRequest(String index, List<String> ids, Refresh refresh) {
}
