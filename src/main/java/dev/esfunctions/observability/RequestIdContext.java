package dev.esfunctions.observability;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * Carries the request id across the threads a call runs on (workers, the client's I/O threads, the retry
 * scheduler): Mutiny captures thread contexts when a pipeline is assembled and restores them around each of its
 * callbacks, so the engine never handles the id itself.
 */
public class RequestIdContext implements ThreadContextProvider {

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return snapshot(RequestIds.current());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return snapshot(null);
    }

    @Override
    public String getThreadContextType() {
        return "es-functions-request-id";
    }

    private static ThreadContextSnapshot snapshot(String id) {
        return () -> {
            String previous = RequestIds.current();
            RequestIds.set(id);
            ThreadContextController restore = () -> RequestIds.set(previous);
            return restore;
        };
    }
}
