package dev.esfunctions.cluster;

import java.util.function.Supplier;

/**
 * What the call a thread works for already holds of the {@link MemoryBudget} from before it started (its body, on
 * HTTP: {@link CallHolds}): set where the call starts, and carried to every thread the call runs on, as its deadline
 * is. The budget adds it to what the call asks for next when it tells a call that could never fit (413) from one
 * that does not fit now (503): a body that fits, with documents and requests in flight that would not fit beside it
 * even with nothing else in progress, must not be told to come back.
 */
public final class CallMemory {

    private static final ThreadLocal<Long> HELD = new ThreadLocal<>();

    private CallMemory() {
    }

    /**
     * {@code assembly}'s result, assembled with {@code bytes} as what the call holds, unless a call it is part of has
     * set it already (an operation of a batch joins the batch's body, and holds nothing besides).
     */
    public static <T> T holding(long bytes, Supplier<T> assembly) {
        Long previous = HELD.get();
        if (previous != null || bytes <= 0) {
            return assembly.get();
        }
        HELD.set(bytes);
        try {
            return assembly.get();
        } finally {
            HELD.remove();
        }
    }

    /** Puts what the call this thread works for holds (null: nothing), as the thread's context is restored. */
    public static void set(Long bytes) {
        if (bytes == null) {
            HELD.remove();
        } else {
            HELD.set(bytes);
        }
    }

    /** What the call this thread works for holds from before it started, or null when nothing. */
    public static Long held() {
        return HELD.get();
    }
}
