package dev.esfunctions.bulk;

import dev.esfunctions.model.DocumentError;

/**
 * What a bulk run takes, one per input document: an operation to send, or a document refused before sending (no
 * usable id, say), which comes out as a failed outcome in its place. Either way every document is one outcome.
 */
public sealed interface BulkItem permits BulkOperation, BulkItem.Refused {

    record Refused(DocumentError error) implements BulkItem {
    }
}
