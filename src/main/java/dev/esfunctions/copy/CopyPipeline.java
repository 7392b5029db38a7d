package dev.esfunctions.copy;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.BulkPipeline;
import dev.esfunctions.bulk.BulkRun;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.scan.ScanPipeline;
import dev.esfunctions.scan.ScanPosition;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Streams scanned pages through a transform into one bulk run. Reading and writing overlap under backpressure: a
 * page is read when a page's write completes, at most {@code concurrency} pages are being written, and the run keeps
 * their requests to {@code concurrency} in flight, so memory holds a few pages whatever the size of the index.
 */
@ApplicationScoped
public class CopyPipeline {

    private final ScanPipeline scan;
    private final BulkPipeline bulk;

    CopyPipeline(ScanPipeline scan, BulkPipeline bulk) {
        this.scan = scan;
        this.bulk = bulk;
    }

    /**
     * What one call copied: a tally with one outcome per document read; {@code next} is where the next call starts,
     * null when the copy is complete.
     */
    public record CopyOutcome(BulkTally tally, ScanPosition next) {
    }

    /**
     * Copies from {@code start} on; past {@code stopAfterNanos} (a {@link System#nanoTime()}) no new page is read,
     * while what was read is still written. At least one page is read, so every call makes progress.
     */
    public Uni<CopyOutcome> copy(ScanPosition start, String target, CopyTransform transform,
            BulkOperation.Action action, BulkOptions options, long stopAfterNanos) {
        return Uni.createFrom().deferred(() -> {
            BulkRun run = bulk.run(target, options);
            AtomicInteger pageNumbers = new AtomicInteger();
            return scan.pages(start, () -> System.nanoTime() - stopAfterNanos < 0)
                    .onItem().transformToUni(page -> {
                        int number = pageNumbers.incrementAndGet();
                        return run.tally(Multi.createFrom().iterable(page.hits()).map(hit -> transform.apply(hit, action)))
                                .map(tally -> new PageCopied(number, tally, page.next()));
                    }).merge(options.concurrency())
                    .collect().in(() -> new Progress(new BulkTally(options.maxReportedErrors())), Progress::add)
                    .map(progress -> new CopyOutcome(progress.tally, progress.next));
        });
    }

    private record PageCopied(int number, BulkTally tally, ScanPosition next) {
    }

    /** The fold of the pages copied, which may complete out of order: the cursor is the last page's. */
    private static final class Progress {
        private final BulkTally tally;
        private int lastPage;
        private ScanPosition next;

        Progress(BulkTally tally) {
            this.tally = tally;
        }

        void add(PageCopied page) {
            tally.add(page.tally());
            if (page.number() > lastPage) {
                lastPage = page.number();
                next = page.next();
            }
        }
    }
}
