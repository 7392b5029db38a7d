package dev.esfunctions.cluster;

import java.util.OptionalLong;

/**
 * When the surface received the call that is starting on this thread, where it knows: before it read and bound the
 * call's body. The caller's clock, and a platform's, started then, so a call's deadlines and its {@code took} count
 * from then, and a body that was slow to arrive or to bind is not time the call gets again. Asked by the boundary
 * every call crosses, as the call starts, on its thread.
 */
public interface CallArrivals {

    /** A {@link System#nanoTime()}, or empty where this surface did not bring the call. */
    OptionalLong arrivedNanos();
}
