package dev.esfunctions.cluster;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;

/**
 * The process's memory budget: what the calls in progress hold (a body as read and the documents parsed from it,
 * the {@code _bulk} requests in flight and their answers) is reserved here, in bytes, against one capacity shared
 * by every call, before the call holds it. A reservation that does not fit is refused at once, never queued: the
 * call is answered 503 with {@code Retry-After} before it writes anything (413 when it could never fit), so that a
 * burst of calls is turned away instead of exhausting the heap half-way through some of them.
 */
@ApplicationScoped
public class MemoryBudget {

    private static final long MB = 1024 * 1024;
    /**
     * The least of the heap that the default budget leaves to the application itself (its objects outside any call:
     * the client, Vert.x, Netty, ArC) and to its collector, whatever the share: a small heap's share alone left too
     * little. At -Xmx32m, 0.6 of the heap admitted one upsert of 10,000 documents (about 20 MB reserved) that then
     * failed with an OutOfMemoryError; at 40 MB the same call was served with 24 MB reserved, so the application's
     * own is about 16 MB.
     */
    static final long LEFT_TO_THE_APPLICATION = 20 * MB;

    private final long capacity;
    private final Duration retryAfter;
    private final String setting;
    private final AtomicLong held = new AtomicLong();

    @Inject
    MemoryBudget(EsFunctionsConfig config) {
        this(config.memory().budget().map(MemorySize::asLongValue)
                .orElse(defaultCapacity(Runtime.getRuntime().maxMemory(), config.memory().heapShare())),
                config.memory().retryAfter(), config.memory().budget().isPresent() ? "es-functions.memory.budget"
                        : "es-functions.memory.heap-share " + config.memory().heapShare() + " of the maximum heap, "
                                + Runtime.getRuntime().maxMemory() / MB + " MB, less what the application needs "
                                + "itself; or es-functions.memory.budget");
    }

    /** {@code share} of the heap, but never what the application needs itself; at least 1 MB. */
    static long defaultCapacity(long maxHeap, double share) {
        return Math.max(MB, Math.min((long) (maxHeap * heapShare(share)), maxHeap - LEFT_TO_THE_APPLICATION));
    }

    MemoryBudget(long capacity, Duration retryAfter, String setting) {
        if (capacity < 1) {
            throw new IllegalArgumentException("es-functions.memory.budget must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.retryAfter = retryAfter;
        this.setting = setting;
    }

    private static double heapShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("es-functions.memory.heap-share must be above 0 and at most 1, not "
                    + share);
        }
        return share;
    }

    /** Bytes given back once, whichever way the holder ends: closing it again does nothing. */
    public final class Reservation implements AutoCloseable {
        private final long bytes;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                held.addAndGet(-bytes);
            }
        }
    }

    /**
     * Reserves {@code bytes} for {@code what} (words for the refusal, e.g. "a request body of 9.4 MB"), or fails: 503
     * with {@code Retry-After} when the calls in progress hold too much for it now, 413 when it is more than the whole
     * budget, or, with what its call holds already ({@link CallMemory}), could never fit beside it.
     */
    public Reservation reserve(long bytes, String what) {
        return reserve(bytes, what, CallMemory.held());
    }

    /**
     * As {@link #reserve(long, String)}, for a call that holds {@code callHolds} already (null: nothing), taken where
     * the call's context was in place (an answer is reserved on the client's I/O thread, where it is not).
     */
    Reservation reserve(long bytes, String what, Long callHolds) {
        if (bytes + (callHolds == null ? 0 : callHolds) > capacity) {
            throw FunctionException.tooLarge("call_too_large", what + " needs about " + megabytes(bytes)
                    + " of memory" + (callHolds == null ? "" : ", " + megabytes(bytes + callHolds) + " with the "
                            + megabytes(callHolds) + " its call's body holds (a body sent without Content-Length "
                            + "counts as large as the body limit)")
                    + ", more than this instance's whole budget of " + megabytes(capacity) + " (" + setting
                    + "): send fewer or smaller documents per call, or give the instance more memory");
        }
        for (long now = held.get();; now = held.get()) {
            if (now + bytes > capacity) {
                throw FunctionException.overloaded("overloaded", "this instance is busy: the calls in progress hold "
                        + megabytes(now) + " of its " + megabytes(capacity) + " memory budget (" + setting + "), and "
                        + what + " needs about " + megabytes(bytes) + " more; nothing was done: send the call again"
                        + " after " + Math.max(1, retryAfter.toSeconds()) + " s, or to another instance", retryAfter);
            }
            if (held.compareAndSet(now, now + bytes)) {
                return new Reservation(bytes);
            }
        }
    }

    /**
     * Holds {@code bytes} that are already here, whether or not they fit (the answer to a write, which says what was
     * applied): counted, so that the calls that come next see them, but never refused.
     */
    Reservation reserveAnyway(long bytes) {
        held.addAndGet(bytes);
        return new Reservation(bytes);
    }

    /**
     * {@code work} holding {@code bytes} for {@code what} from its subscription until it ends by success, failure or
     * cancellation; refused (see {@link #reserve}) before {@code work} is asked for.
     */
    public <T> Uni<T> holding(long bytes, String what, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Reservation reservation = reserve(bytes, what);
            try {
                return work.get().onTermination().invoke(reservation::close);
            } catch (RuntimeException e) {
                reservation.close();
                throw e;
            }
        });
    }

    public long capacity() {
        return capacity;
    }

    /** What the calls in progress hold now. */
    public long held() {
        return held.get();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
}
