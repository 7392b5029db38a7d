package dev.esfunctions.functions;

import java.util.concurrent.TimeUnit;

/** {@code took} in every result: milliseconds the function spent, from validated request to answer. */
public final class Timing {

    private Timing() {
    }

    public static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
