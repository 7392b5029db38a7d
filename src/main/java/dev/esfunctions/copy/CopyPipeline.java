package dev.esfunctions.copy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.BulkPipeline;
import dev.esfunctions.bulk.BulkRun;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.scan.Cursors;
import dev.esfunctions.scan.ScanPage;
import dev.esfunctions.scan.ScanPipeline;
import dev.esfunctions.scan.ScanPosition;
import dev.esfunctions.search.Hit;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Writes what a scan reads: each page's hits, turned into bulk items (a copy's transformed documents, a delete by
 * query's deletes), go through one bulk run. Reading and writing overlap under backpressure: a page is read when a
 * page's write completes, at most {@code concurrency} pages are being written, and the run keeps their requests to
 * {@code concurrency} in flight, so memory holds a few pages whatever the size of the index.
 * <p>
 * A call stops at a page boundary: when its time is up, or when a page could not be read. Either way every page it
 * read is written first, so that the cursor it answers starts exactly after what it wrote. A call of which no write
 * landed, because the cluster refused or could not take them, stops with that failure and the cursor it started
 * from.
 */
@ApplicationScoped
public class CopyPipeline {

    private final ScanPipeline scan;
    private final BulkPipeline bulk;
    private final Cursors cursors;

    CopyPipeline(ScanPipeline scan, BulkPipeline bulk, Cursors cursors) {
        this.scan = scan;
        this.bulk = bulk;
        this.cursors = cursors;
    }

    /**
     * What one call wrote: one outcome per document read; {@code next} is where the next call starts, null when the
     * scan is complete or stopped by a failure; {@code interruption} is what stopped it (a page that could not be
     * read, or writes of which none landed), carrying the cursor that retries when that can help.
     */
    public record CopyOutcome(BulkTally tally, ScanPosition next, FunctionException interruption) {

        boolean handsBackCursor() {
            return next != null || interruption != null && interruption.cursor() != null;
        }
    }

    /**
     * Writes to {@code target} what {@code write} makes of each hit from {@code start} on; past {@code stopAfterNanos}
     * (a {@link System#nanoTime()}) no new page is read. At least one page is read, so every call makes progress. A
     * hit of an index {@code mayTouch} refuses stops the copy before its page is written.
     */
    public Uni<CopyOutcome> copy(ScanPosition start, String target, Predicate<String> mayTouch,
            Function<Hit, BulkItem> write, BulkOptions options, long stopAfterNanos) {
        // The pages being written, and the one being read ahead of them.
        long pagesHeld = (options.concurrency() + 1L) * start.size();
        return bulk.run(target, options, pagesHeld, (BulkRun run) -> {
            AtomicInteger pageNumbers = new AtomicInteger();
            return scan.read(start, () -> System.nanoTime() - stopAfterNanos < 0, mayTouch,
                    pages -> pages.onItem().transformToUni(page -> {
                        int number = pageNumbers.incrementAndGet();
                        return run.tally(Multi.createFrom().iterable(page.hits()).map(write))
                                .map(tally -> new PageWritten(number, tally, page));
                    }).merge(options.concurrency())
                            .collect().in(() -> new Progress(new BulkTally(options.maxReportedErrors())), Progress::add)
                            .map(progress -> progress.outcome(cursors)),
                    CopyOutcome::handsBackCursor);
        });
    }

    private record PageWritten(int number, BulkTally tally, ScanPage page) {
    }

    /** The fold of the pages written, which may complete out of order: the last page read says how the call ends. */
    private static final class Progress {
        private final BulkTally tally;
        private PageWritten first;
        private PageWritten last;

        Progress(BulkTally tally) {
            this.tally = tally;
        }

        void add(PageWritten page) {
            tally.add(page.tally());
            if (first == null || page.number() < first.number()) {
                first = page;
            }
            if (last == null || page.number() > last.number()) {
                last = page;
            }
        }

        CopyOutcome outcome(Cursors cursors) {
            FunctionException landedNothing = tally.landedNothing();
            if (landedNothing != null) {
                return new CopyOutcome(tally, null, landedNothing.withCursor(cursors.encode(first.page().position())));
            }
            return new CopyOutcome(tally, last.page().next(), last.page().failure());
        }
    }
}
