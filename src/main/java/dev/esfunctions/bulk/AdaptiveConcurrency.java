package dev.esfunctions.bulk;

import java.util.function.Supplier;

import dev.esfunctions.cluster.Permits;
import io.smallrye.mutiny.Uni;

/**
 * How many {@code _bulk} requests of one run may be in flight: at most {@code max}. When adaptive, the cluster sets
 * the pace, as TCP's congestion window does (additive increase, multiplicative decrease): a request rejected as busy
 * (429, whole or for some items) halves the limit, once for all the requests that were in flight together; a window
 * of clean answers raises it by one, up to {@code max}. The window is {@value #WINDOW_PER_REQUEST} clean answers per
 * request of the limit, longer than TCP's one: a probe that fails costs a whole batch sent again, not one packet.
 */
final class AdaptiveConcurrency {

    static final int WINDOW_PER_REQUEST = 4;

    private final int max;
    private final boolean adaptive;
    private final Permits permits;
    private int limit;
    private int lowest;
    private int cleanInWindow;
    /** Counts the decreases: an answer to a request sent before the last one says nothing new. */
    private long generation;

    AdaptiveConcurrency(int max, boolean adaptive) {
        this.max = max;
        this.adaptive = adaptive;
        this.permits = new Permits(max);
        this.limit = max;
        this.lowest = max;
    }

    /** The work, once the run may have one more request in flight; {@code tooLate} if not by {@code startBeforeNanos}. */
    <T> Uni<T> run(Supplier<Uni<T>> work, long startBeforeNanos, Supplier<? extends Throwable> tooLate) {
        return permits.run(work, startBeforeNanos, tooLate);
    }

    /** Taken when a request is sent, handed back with its answer. */
    synchronized long generation() {
        return generation;
    }

    /** An answer to a request sent in {@code sentIn}: {@code busy} when the cluster rejected all or part of it as busy. */
    void answered(long sentIn, boolean busy) {
        int newLimit;
        synchronized (this) {
            if (!adaptive) {
                return;
            }
            if (busy) {
                if (sentIn != generation) {
                    return;
                }
                limit = Math.max(1, limit / 2);
                lowest = Math.min(lowest, limit);
                generation++;
                cleanInWindow = 0;
            } else {
                if (limit == max || ++cleanInWindow < limit * WINDOW_PER_REQUEST) {
                    return;
                }
                limit++;
                cleanInWindow = 0;
            }
            newLimit = limit;
        }
        permits.setLimit(newLimit);
    }

    synchronized int lowest() {
        return lowest;
    }

    synchronized int current() {
        return limit;
    }
}
