package dev.esfunctions.cluster;

/**
 * What a surface holds for a call beyond its exchange (its body's memory, on HTTP): a call may outlive the exchange
 * that brought it, when its caller hangs up, and what it holds must stay counted until the call ends too. The
 * boundary every call crosses tells each implementation when a call starts, and runs what it returns when it ends.
 */
public interface CallHolds {

    /** Called as a function call starts, on its thread: what the call holds already, and what ends the hold. */
    Held callStarted();

    /** {@code bytes} of the {@link MemoryBudget} held for a call until {@code end} runs, however the call ends. */
    record Held(long bytes, Runnable end) {
        public static final Held NOTHING = new Held(0, () -> {
        });
    }
}
