package dev.esfunctions.elasticsearch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.model.DocumentError;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Streams scanned documents through a transform into the bulk pipeline. Reading and writing overlap under
 * backpressure: the next page is read when the bulk pipeline asks for more operations, so memory holds about the
 * batches in flight and one page, whatever the size of the index.
 */
@ApplicationScoped
public class CopyPipeline {

    private final ScanPipeline scan;
    private final BulkPipeline bulk;

    CopyPipeline(ScanPipeline scan, BulkPipeline bulk) {
        this.scan = scan;
        this.bulk = bulk;
    }

    /** What one call copied: {@code next} is where the next call starts, null when the copy is complete. */
    public record CopyOutcome(BulkTally tally, int read, ScanPosition next) {
    }

    /**
     * Copies from {@code start} on; past {@code stopAfterNanos} (a {@link System#nanoTime()}) no new page is read,
     * while what was read is still written. At least one page is read, so every call makes progress.
     */
    public Uni<CopyOutcome> copy(ScanPosition start, String target, CopyTransform transform,
            BulkOperation.Action action, BulkOptions options, long stopAfterNanos) {
        return Uni.createFrom().deferred(() -> {
            AtomicReference<ScanPosition> position = new AtomicReference<>(start);
            AtomicInteger read = new AtomicInteger();
            List<DocumentError> rejected = new ArrayList<>();
            Multi<BulkOperation> operations = scan.pages(position, () -> System.nanoTime() - stopAfterNanos < 0)
                    .onItem().transformToIterable(ScanPipeline.ScanPage::hits)
                    .onItem().transformToIterable(hit -> {
                        read.incrementAndGet();
                        CopyTransform.Result result = transform.apply(hit, action);
                        if (result.rejected() != null) {
                            rejected.add(result.rejected());
                            return List.of();
                        }
                        return List.of(result.operation());
                    });
            return bulk.writeAndTally(target, operations, rejected, options)
                    .map(tally -> new CopyOutcome(tally, read.get(), position.get()));
        });
    }
}
