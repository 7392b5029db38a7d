package dev.esfunctions.deletebyquery;

import java.util.List;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.scan.ScanPosition;

/**
 * What a delete by query did, by either path: {@code total} documents matched, each counted once as deleted, not
 * found, in conflict or failed. {@code lowestConcurrency} and {@code finalConcurrency} are 0 where the cluster ran
 * the deletes itself. {@code next} continues a delete that stopped at its deadline; {@code interruption} is what
 * stopped it otherwise, with the cursor that retries when retrying can help.
 */
public record DeletedByQuery(int total, int deleted, int notFound, int conflicts, int failed, int retries,
        int batches, int lowestConcurrency, int finalConcurrency, List<DocumentError> errors, boolean errorsTruncated,
        ScanPosition next, FunctionException interruption) {
}
