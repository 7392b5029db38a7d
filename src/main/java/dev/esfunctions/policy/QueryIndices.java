package dev.esfunctions.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.errors.FunctionException;

/**
 * The indices a query or an aggregation reads besides the one it is sent to: a query can fetch another index's
 * documents and match on their values, an oracle on an index the deployment may not read. Every construct of the
 * query DSL that does, wherever it is nested (a bool clause, a filter aggregation, a function score):
 * <ul>
 * <li>a terms lookup, {@code {"terms": {"tag": {"index": "other", "id": "1", "path": "tags"}}}};</li>
 * <li>{@code more_like_this} with {@code like} or {@code unlike} documents of another {@code _index};</li>
 * <li>{@code geo_shape} and {@code shape} with an {@code indexed_shape} (in the index {@code shapes} when it names
 * none);</li>
 * <li>{@code percolate} of a stored document ({@code index});</li>
 * <li>{@code pinned} documents of another {@code _index}.</li>
 * </ul>
 * A {@code wrapper} query carries its query as base64, where none of this can be seen: it is refused.
 */
final class QueryIndices {

    /** A name a query reads, and where it stands in the request ({@code query.bool.filter[0].terms.tag.index}). */
    record Reference(String path, String index) {
    }

    private static final String SHAPES = "shapes";

    private QueryIndices() {
    }

    /** What {@code json} (a query, or aggregations) reads, found at {@code path}. */
    static List<Reference> of(String path, JsonNode json) {
        List<Reference> found = new ArrayList<>();
        walk(path, json, found);
        return found;
    }

    private static void walk(String path, JsonNode json, List<Reference> found) {
        if (json == null) {
            return;
        }
        if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                walk(path + "[" + i + "]", json.get(i), found);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "." + field.getKey();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "terms" -> eachField(at, value, (lookupAt, lookup) -> named(lookupAt + ".index",
                        lookup.get("index"), found));
                case "more_like_this" -> {
                    documents(at + ".like", value.path("like"), found);
                    documents(at + ".unlike", value.path("unlike"), found);
                }
                case "geo_shape", "shape" -> eachField(at, value, (shapeAt, shape) -> {
                    JsonNode indexed = shape.get("indexed_shape");
                    if (indexed != null) {
                        JsonNode index = indexed.get("index");
                        found.add(new Reference(shapeAt + ".indexed_shape.index",
                                index != null && index.isTextual() ? index.asText() : SHAPES));
                    }
                });
                case "percolate" -> named(at + ".index", value.get("index"), found);
                case "pinned" -> documents(at + ".docs", value.path("docs"), found);
                case "wrapper" -> throw FunctionException.invalidField(at, "hides its query in base64, where the "
                        + "indices it reads cannot be checked: send the query itself");
                default -> {
                }
            }
            walk(at, value, found);
        }
    }

    /** For each field of an object whose value is an object: a field's own settings ({@code "tag": {...}}). */
    private static void eachField(String path, JsonNode json, FieldVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isObject()) {
                visitor.visit(path + "." + field.getKey(), field.getValue());
            }
        }
    }

    @FunctionalInterface
    private interface FieldVisitor {
        void visit(String path, JsonNode value);
    }

    /** Documents given by {@code _index} and id, one or a list. */
    private static void documents(String path, JsonNode documents, List<Reference> found) {
        if (documents.isArray()) {
            for (int i = 0; i < documents.size(); i++) {
                named(path + "[" + i + "]._index", documents.get(i).get("_index"), found);
            }
        } else {
            named(path + "._index", documents.get("_index"), found);
        }
    }

    private static void named(String path, JsonNode index, List<Reference> found) {
        if (index == null) {
            return;
        }
        if (!index.isTextual()) {
            throw FunctionException.invalidField(path, "must be an index name");
        }
        found.add(new Reference(path, index.asText()));
    }
}
