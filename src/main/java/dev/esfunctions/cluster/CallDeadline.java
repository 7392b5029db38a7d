package dev.esfunctions.cluster;

import java.util.function.Supplier;

/**
 * The time by which every request of a call must be answered, where the platform ends a call at its time limit
 * ({@code es-functions.platform.invocation-timeout} less {@code es-functions.platform.answer-time}): set where the
 * call starts, and carried to every thread the call runs on, as the request id is. The gateway waits no longer for an
 * answer, and starts no request after it, so that a request started just before the call's own deadline cannot
 * keep the call past the platform's limit with none of its documents accounted for.
 */
public final class CallDeadline {

    private static final ThreadLocal<Long> ANSWER_BY = new ThreadLocal<>();

    private CallDeadline() {
    }

    /**
     * {@code assembly}'s result, assembled with {@code answerByNanos} (a {@link System#nanoTime()}) as the call's
     * deadline, or the deadline already in place when earlier (an operation of a batch keeps the batch's).
     */
    public static <T> T within(long answerByNanos, Supplier<T> assembly) {
        Long previous = ANSWER_BY.get();
        ANSWER_BY.set(previous != null && previous - answerByNanos < 0 ? previous : answerByNanos);
        try {
            return assembly.get();
        } finally {
            set(previous);
        }
    }

    /** Puts the deadline of the call this thread works for (null: none), as the thread's context is restored. */
    public static void set(Long answerBy) {
        if (answerBy == null) {
            ANSWER_BY.remove();
        } else {
            ANSWER_BY.set(answerBy);
        }
    }

    /** The deadline of the call this thread works for, or null when its platform sets none. */
    public static Long answerBy() {
        return ANSWER_BY.get();
    }
}
