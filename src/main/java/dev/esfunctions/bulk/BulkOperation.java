package dev.esfunctions.bulk;

import java.nio.charset.StandardCharsets;

import dev.esfunctions.model.RawJson;

/**
 * One document's write in a {@code _bulk} request. {@code index} is null for the run's index (a delete by query names
 * the concrete index each hit came from, which an alias or pattern may not write to); {@code body}, the document's
 * JSON as it goes to the cluster, is null for a delete; {@code routing}, {@code ifSeqNo} and {@code ifPrimaryTerm} are
 * null unless the caller gave them.
 */
public record BulkOperation(Action action, String index, String id, RawJson body, String routing, Long ifSeqNo,
        Long ifPrimaryTerm) implements BulkItem {

    public enum Action {
        /** Partial update with doc_as_upsert. */
        UPDATE("update"),
        INDEX("index"),
        CREATE("create"),
        DELETE("delete");

        final String bulkName;
        /** The start of its action line, to the brace that opens the action's fields. */
        final byte[] actionStart;

        Action(String bulkName) {
            this.bulkName = bulkName;
            this.actionStart = ("{\"" + bulkName + "\":{").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Whether applying it twice leaves what applying it once does: a merge, replace or delete, unless guarded by
     * {@code ifSeqNo} (the second would conflict with the first). A create is not.
     */
    public boolean idempotent() {
        return action != Action.CREATE && ifSeqNo == null;
    }

    /** {@code index} and {@code routing} may be null. */
    public static BulkOperation delete(String index, String id, String routing) {
        return new BulkOperation(Action.DELETE, index, id, null, routing, null, null);
    }
}
