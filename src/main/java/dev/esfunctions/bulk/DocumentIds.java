package dev.esfunctions.bulk;

import com.fasterxml.jackson.databind.JsonNode;

/** What may serve as a document id: a non-empty string or a number. */
public final class DocumentIds {

    private DocumentIds() {
    }

    /** The id as text, or null when the value cannot be one. */
    public static String usable(JsonNode id) {
        if (id != null && id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        return id != null && id.isNumber() ? id.asText() : null;
    }
}
