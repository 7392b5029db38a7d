package dev.esfunctions.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.DocumentIds;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.RawJson;
import dev.esfunctions.search.Hit;

/**
 * The declarative transform of {@code copy}, applied to each source document in this order: {@code include} (keep
 * only these top-level fields; all when empty), {@code exclude}, {@code rename}, {@code set}. The target id is read
 * from the untransformed source ({@code idFrom}), so that the field may also be excluded; {@code idFrom} may name a
 * field inside an object by its path ({@code dead_letter.id}: a dead letter's original id), the field of that
 * name at the top level, if any, coming first.
 * <p>
 * It works on the source's bytes, one pass over its top-level fields, each value copied as the slice of bytes it is:
 * no tree is built. That needs renames to be independent (no field both renamed and a rename's target, no two
 * renames to one target), which the function checks; a field a rename targets is kept only when the rename's source
 * field is absent, as it would be if the renames ran one after the other.
 */
public record CopyTransform(List<String> include, List<String> exclude, Map<String, String> rename,
        Map<String, JsonNode> set, String idFrom) {

    private static final ObjectMapper VALUES = new ObjectMapper();
    private static final RawJson EMPTY = RawJson.ofOneLine(new byte[] { '{', '}' });

    private boolean changesNothing() {
        return include.isEmpty() && exclude.isEmpty() && rename.isEmpty() && set.isEmpty();
    }

    /** The write of one scanned hit to the target, or its refusal. */
    public BulkItem apply(Hit hit, BulkOperation.Action action) {
        RawJson source = hit.source() == null ? EMPTY : hit.source();
        if (changesNothing() && idFrom == null) {
            return new BulkOperation(action, null, hit.id(), source, hit.routing(), null, null);
        }
        try {
            Transformed transformed = transform(source.utf8());
            String id = idFrom == null ? hit.id() : DocumentIds.usable(transformed.idValue());
            if (id == null) {
                return new BulkItem.Refused(new DocumentError(hit.id(), 400, "missing_id", "source document "
                        + hit.id() + " has no usable '" + idFrom + "' (idFrom): it must be a non-empty string or a number"));
            }
            return new BulkOperation(action, null, id, changesNothing() ? source : transformed.body(), hit.routing(),
                    null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Transformed(RawJson body, JsonNode idValue) {
    }

    /** The path of dot-separated fields ({@code id}, {@code a.b}) as a JSON pointer ({@code /id}, {@code /a/b}). */
    private static JsonPointer pointer(String path) {
        StringBuilder pointer = new StringBuilder();
        for (String field : path.split("\\.", -1)) {
            pointer.append('/').append(field.replace("~", "~0").replace("/", "~1"));
        }
        return JsonPointer.compile(pointer.toString());
    }

    private Transformed transform(byte[] source) throws IOException {
        JsonNode idValue = null;
        boolean exactId = false;
        ByteArrayBuilder bytes = new ByteArrayBuilder(source.length + 64);
        Map<String, RawJson> renameTargets = new LinkedHashMap<>();
        Set<String> renamed = new HashSet<>();
        try (JsonParser json = VALUES.createParser(source); JsonGenerator out = VALUES.createGenerator(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return transform(EMPTY.utf8());
            }
            out.writeStartObject();
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                json.nextToken();
                RawJson value = RawJson.slice(json, source);
                if (field.equals(idFrom)) {
                    idValue = VALUES.readTree(value.utf8());
                    exactId = true;
                } else if (!exactId && idFrom != null && idFrom.startsWith(field + ".")) {
                    idValue = VALUES.readTree(value.utf8()).at(pointer(idFrom.substring(field.length() + 1)));
                }
                if (!include.isEmpty() && !include.contains(field) || exclude.contains(field)) {
                    continue;
                }
                String name = rename.getOrDefault(field, field);
                if (set.containsKey(name)) {
                    continue;
                }
                if (!name.equals(field)) {
                    renamed.add(name);
                } else if (rename.containsValue(field)) {
                    // Overwritten if the field renamed to it turns up: decided at the end.
                    renameTargets.put(field, value);
                    continue;
                }
                out.writeFieldName(name);
                value.writeTo(out);
            }
            for (Map.Entry<String, RawJson> target : renameTargets.entrySet()) {
                if (!renamed.contains(target.getKey())) {
                    out.writeFieldName(target.getKey());
                    target.getValue().writeTo(out);
                }
            }
            for (Map.Entry<String, JsonNode> field : set.entrySet()) {
                out.writeFieldName(field.getKey());
                VALUES.writeTree(out, field.getValue());
            }
            out.writeEndObject();
        }
        return new Transformed(RawJson.of(bytes.toByteArray()), idValue);
    }
}
