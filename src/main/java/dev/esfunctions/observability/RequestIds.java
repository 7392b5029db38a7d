package dev.esfunctions.observability;

import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The request id every log line of a function call carries (MDC {@code requestId}). The MDC belongs to a thread and
 * a call hops between threads (workers, the Elasticsearch client's I/O threads, the retry scheduler), so the id is
 * carried across each hop explicitly, and always put back as it was, so that no pooled thread keeps a stale one.
 */
public final class RequestIds {

    public static final String MDC_KEY = "requestId";

    private RequestIds() {
    }

    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** The id of the call this thread works for, or a new one for a new call. */
    static String currentOrNew() {
        String id = current();
        return id != null ? id : UUID.randomUUID().toString();
    }

    /** Runs {@code action} with {@code id} in the MDC, and restores what was there. */
    public static void with(String id, Runnable action) {
        Object previous = MDC.get(MDC_KEY);
        if (id == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, id);
        }
        try {
            action.run();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    /** The Uni that {@code uni} supplies, subscribed to (and run as far as it runs synchronously) with the id set. */
    public static <T> Uni<T> subscribedWith(String id, Supplier<Uni<T>> uni) {
        return Uni.createFrom().emitter(emitter -> with(id, () -> {
            Cancellable subscription = uni.get().subscribe().with(emitter::complete, emitter::fail);
            emitter.onTermination(subscription::cancel);
        }));
    }
}
