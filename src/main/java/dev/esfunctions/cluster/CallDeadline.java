package dev.esfunctions.cluster;

import java.util.function.Supplier;

/**
 * The time by which every request of a call must be answered, where the platform ends a call at its time limit
 * ({@code es-functions.platform.invocation-timeout} less {@code es-functions.platform.answer-time}): set where the
 * call starts, and carried to every thread the call runs on ({@link Context}). The gateway waits no longer for an
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
            put(previous);
        }
    }

    private static void put(Long answerBy) {
        if (answerBy == null) {
            ANSWER_BY.remove();
        } else {
            ANSWER_BY.set(answerBy);
        }
    }

    /** The deadline of the call this thread works for, or null when its platform sets none. */
    static Long answerBy() {
        return ANSWER_BY.get();
    }

    /** Carries the call's deadline across threads. */
    public static final class Context extends CallContext<Long> {

        @Override
        protected Long current() {
            return ANSWER_BY.get();
        }

        @Override
        protected void set(Long answerBy) {
            put(answerBy);
        }

        @Override
        public String getThreadContextType() {
            return "es-functions-call-deadline";
        }
    }
}
