package dev.esfunctions.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A document's {@code _id}: a non-empty string or a number, taken out of the body it travels in. */
final class DocumentIds {

    private DocumentIds() {
    }

    /** Removes and returns the usable {@code _id}, or returns null and leaves the document as it was. */
    static String take(ObjectNode document) {
        String id = usable(document.get("_id"));
        if (id != null) {
            document.remove("_id");
        }
        return id;
    }

    static String usable(JsonNode id) {
        if (id == null) {
            return null;
        }
        if (id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        return id.isNumber() ? id.asText() : null;
    }

    /** The unusable id as the caller sent it, to name it in the error. */
    static String describe(JsonNode id) {
        return id == null || id.isNull() ? null : id.toString();
    }
}
