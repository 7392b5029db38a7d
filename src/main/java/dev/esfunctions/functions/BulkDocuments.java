package dev.esfunctions.functions;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.DocumentIds;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.SourceDocument;
import dev.esfunctions.model.WriteMode;

/**
 * Turns the documents of an upsert, or the ids of a delete, into bulk operations. The metadata fields ({@code _id},
 * {@code _routing}, {@code _ifSeqNo}, {@code _ifPrimaryTerm}) were taken out of each body as it was read
 * ({@link SourceDocument}); a document whose metadata is unusable is refused alone, before anything is sent.
 */
final class BulkDocuments {

    private BulkDocuments() {
    }

    static BulkOperation.Action action(WriteMode mode) {
        return switch (mode) {
            case MERGE -> BulkOperation.Action.UPDATE;
            case REPLACE -> BulkOperation.Action.INDEX;
            case CREATE -> BulkOperation.Action.CREATE;
        };
    }

    /** One item per document, in order: its operation, or its refusal. */
    static List<BulkItem> split(List<SourceDocument> docs, WriteMode mode) {
        BulkOperation.Action action = action(mode);
        List<BulkItem> items = new ArrayList<>(docs.size());
        for (SourceDocument doc : docs) {
            if (doc.body() == null) {
                items.add(refused(null, 400, "missing_id",
                        "each entry of 'docs' must be a JSON object with an \"_id\", not " + doc.type()));
                continue;
            }
            String id = DocumentIds.usable(doc.id());
            if (id == null) {
                items.add(refused(describe(doc.id()), 400, "missing_id",
                        "the document has no usable _id: give it an \"_id\" that is a non-empty string or a number"));
                continue;
            }
            JsonNode routing = doc.routing();
            JsonNode ifSeqNo = doc.ifSeqNo();
            JsonNode ifPrimaryTerm = doc.ifPrimaryTerm();
            String problem = routing != null && (!routing.isTextual() || routing.asText().isEmpty())
                    ? "_routing must be a non-empty string"
                    : (ifSeqNo == null) != (ifPrimaryTerm == null)
                            ? "_ifSeqNo and _ifPrimaryTerm go together: give both or neither"
                            : ifSeqNo != null && !(isNonNegativeInteger(ifSeqNo) && isNonNegativeInteger(ifPrimaryTerm))
                                    ? "_ifSeqNo and _ifPrimaryTerm must be non-negative integers"
                                    : null;
            if (problem != null) {
                items.add(refused(id, 400, "invalid_metadata", problem));
                continue;
            }
            items.add(new BulkOperation(action, null, id, doc.body(), routing == null ? null : routing.asText(),
                    ifSeqNo == null ? null : ifSeqNo.asLong(), ifPrimaryTerm == null ? null : ifPrimaryTerm.asLong()));
        }
        return items;
    }

    /** Ids of a delete: any non-blank string (numbers arrive as strings). */
    static List<BulkItem> deletes(List<String> ids) {
        List<BulkItem> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            items.add(id == null || id.isBlank()
                    ? refused(id, 400, "missing_id", "ids must be non-empty strings or numbers")
                    : BulkOperation.delete(null, id, null));
        }
        return items;
    }

    private static BulkItem refused(String id, int status, String type, String reason) {
        return new BulkItem.Refused(new DocumentError(id, status, type, reason));
    }

    private static boolean isNonNegativeInteger(JsonNode node) {
        return node.isIntegralNumber() && node.asLong() >= 0;
    }

    /** The unusable id as the caller sent it, to name it in the error. */
    private static String describe(JsonNode id) {
        return id == null || id.isNull() ? null : id.toString();
    }
}
