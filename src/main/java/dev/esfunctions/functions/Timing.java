package dev.esfunctions.functions;

import java.util.concurrent.TimeUnit;

import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.model.Concurrency;

/** What every answer says of how a call ran: {@code took}, and for writes, the requests it kept in flight. */
final class Timing {

    private Timing() {
    }

    /** Milliseconds from the call's start (where its surface received it) to its answer. */
    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Absent when the call sent no {@code _bulk} request. */
    static Concurrency concurrency(BulkTally tally) {
        return tally.lowestConcurrency() == 0 ? null : new Concurrency(tally.lowestConcurrency(), tally.finalConcurrency());
    }
}
