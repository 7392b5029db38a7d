package dev.esfunctions.bulk;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esfunctions.cluster.Permits;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The writes of one function call to one index: they share the options, number their {@code _bulk} requests from 1
 * across the run, and keep at most {@code concurrency} requests in flight between them all (a copy writes its pages
 * as they come, each with its own write).
 */
public final class BulkRun {

    private final BulkPipeline pipeline;
    private final String index;
    private final BulkOptions options;
    private final Permits inFlight;
    private final AtomicInteger batchNumbers = new AtomicInteger();

    BulkRun(BulkPipeline pipeline, String index, BulkOptions options) {
        this.pipeline = pipeline;
        this.index = index;
        this.options = options;
        this.inFlight = new Permits(options.concurrency());
    }

    /** One outcome per item, in no particular order; refused items come out as failed outcomes. */
    public Multi<DocumentOutcome> write(Multi<? extends BulkItem> items) {
        return Multi.createFrom().deferred(() -> {
            BatchCutter cutter = new BatchCutter(options.batchSize(), options.batchBytes(), batchNumbers::incrementAndGet);
            return items.onItem().transformToIterable(item -> item instanceof BulkOperation operation
                    ? cutter.add(pipeline.encode(operation)).stream().map(this::send).toList()
                    : List.of(Uni.createFrom().item(List.of(DocumentOutcome.rejected(((BulkItem.Refused) item).error())))))
                    .onCompletion().switchTo(() -> Multi.createFrom().iterable(cutter.drain()).map(this::send));
        })
                .onItem().transformToUni(outcomes -> outcomes).merge(options.concurrency())
                .onItem().transformToIterable(outcomes -> outcomes);
    }

    /** A batch's outcomes, once a permit of the run is free (the deadline is checked then). */
    private Uni<List<DocumentOutcome>> send(BatchCutter.Batch batch) {
        return inFlight.run(() -> pipeline.send(index, batch, options));
    }

    /** {@link #write}, counted; the listeners see the tally. */
    public Uni<BulkTally> tally(Multi<? extends BulkItem> items) {
        return write(items)
                .collect().in(() -> new BulkTally(options.maxReportedErrors()), BulkTally::add)
                .invoke(pipeline::afterTally);
    }
}
