package dev.esfunctions.elasticsearch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One document's write in a {@code _bulk} request: an upsert of {@code body} under {@code id}, or a delete. */
public record BulkOperation(String id, ObjectNode body) {

    public static BulkOperation upsert(String id, ObjectNode body) {
        return new BulkOperation(id, body);
    }

    public static BulkOperation delete(String id) {
        return new BulkOperation(id, null);
    }

    boolean isDelete() {
        return body == null;
    }
}
