package dev.esfunctions.observability;

import java.util.function.Supplier;

/**
 * When the call being assembled on this thread started ({@link FunctionCalls}): where its surface received it
 * ({@link dev.esfunctions.cluster.CallArrivals}), and for an operation of a batch, when the operation started. A
 * function reads it as it assembles its pipeline, and counts its deadlines and its {@code took} from it.
 */
public final class CallStart {

    private static final ThreadLocal<Long> STARTED = new ThreadLocal<>();

    private CallStart() {
    }

    /** A {@link System#nanoTime()}: the start of the call being assembled, or now outside of one. */
    public static long nanos() {
        Long started = STARTED.get();
        return started != null ? started : System.nanoTime();
    }

    static <T> T at(long startNanos, Supplier<T> assembly) {
        Long previous = STARTED.get();
        STARTED.set(startNanos);
        try {
            return assembly.get();
        } finally {
            if (previous == null) {
                STARTED.remove();
            } else {
                STARTED.set(previous);
            }
        }
    }
}
