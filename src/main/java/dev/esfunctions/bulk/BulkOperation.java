package dev.esfunctions.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document's write in a {@code _bulk} request. {@code body} is null for a delete; {@code routing},
 * {@code ifSeqNo} and {@code ifPrimaryTerm} are null unless the caller gave them.
 */
public record BulkOperation(Action action, String id, ObjectNode body, String routing, Long ifSeqNo,
        Long ifPrimaryTerm) implements BulkItem {

    public enum Action {
        /** Partial update with doc_as_upsert. */
        UPDATE("update"),
        INDEX("index"),
        CREATE("create"),
        DELETE("delete");

        final String bulkName;

        Action(String bulkName) {
            this.bulkName = bulkName;
        }
    }

    /** {@code routing} may be null. */
    public static BulkOperation delete(String id, String routing) {
        return new BulkOperation(Action.DELETE, id, null, routing, null, null);
    }
}
