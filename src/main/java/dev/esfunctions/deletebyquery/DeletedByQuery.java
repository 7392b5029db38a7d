package dev.esfunctions.deletebyquery;

import java.util.List;

import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.model.DocumentError;

/** What a delete by query did, by either path: {@code deleted + notFound + failed} documents matched. */
public record DeletedByQuery(int deleted, int notFound, int failed, int retries, int batches,
        List<DocumentError> errors, boolean errorsTruncated) {

    static DeletedByQuery of(BulkTally tally) {
        return new DeletedByQuery(tally.count("deleted"), tally.count("not_found"), tally.failed(), tally.retries(),
                tally.batches(), tally.errors(), tally.errorsTruncated());
    }

    public int total() {
        return deleted + notFound + failed;
    }
}
