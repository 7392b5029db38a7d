package dev.esfunctions.cluster;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * A value of the call a thread works for, carried to every thread the call runs on (workers, the client's I/O
 * threads, the retry scheduler): Mutiny captures thread contexts when a pipeline is assembled and restores them
 * around each of its callbacks, so the engine never passes the value itself. A subclass is registered as a
 * {@code ThreadContextProvider} service.
 */
public abstract class CallContext<T> implements ThreadContextProvider {

    /** The value on this thread, or null. */
    protected abstract T current();

    /** Puts {@code value} (null: none) on this thread. */
    protected abstract void set(T value);

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return snapshot(current());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return snapshot(null);
    }

    private ThreadContextSnapshot snapshot(T value) {
        return () -> {
            T previous = current();
            set(value);
            ThreadContextController restore = () -> set(previous);
            return restore;
        };
    }
}
