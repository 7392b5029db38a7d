package dev.esfunctions.copy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.DocumentIds;
import dev.esfunctions.model.DocumentError;

/**
 * The declarative transform of {@code copy}, applied to each source document in this order: {@code include} (keep
 * only these top-level fields; all when empty), {@code exclude}, {@code rename}, {@code set}. The target id is read
 * from the untransformed source ({@code idFrom}), so that the field may also be excluded.
 */
public record CopyTransform(List<String> include, List<String> exclude, Map<String, String> rename,
        Map<String, JsonNode> set, String idFrom) {

    /** The write of one scanned hit to the target, or its refusal. */
    public BulkItem apply(JsonNode hit, BulkOperation.Action action) {
        String sourceId = hit.path("_id").asText();
        ObjectNode document = hit.get("_source") instanceof ObjectNode source ? source : JsonNodeFactory.instance.objectNode();
        String id = idFrom == null ? sourceId : DocumentIds.usable(document.get(idFrom));
        if (id == null) {
            return new BulkItem.Refused(new DocumentError(sourceId, 400, "missing_id", "source document " + sourceId
                    + " has no usable '" + idFrom + "' (idFrom): it must be a non-empty string or a number"));
        }
        if (!include.isEmpty()) {
            document.retain(include);
        }
        document.remove(exclude);
        rename.forEach((from, to) -> {
            JsonNode value = document.remove(from);
            if (value != null) {
                document.set(to, value);
            }
        });
        set.forEach(document::set);
        JsonNode routing = hit.get("_routing");
        return new BulkOperation(action, null, id, document, routing == null ? null : routing.asText(), null, null);
    }
}
