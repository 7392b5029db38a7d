package dev.esfunctions.observability;

import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

/**
 * The request id every log line of a function call carries (MDC {@code requestId}). It is set where a call starts
 * ({@link FunctionCalls}) and follows the call's pipeline to every thread it runs on ({@link CallContext}).
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

    /** {@code supplier}'s result, computed with {@code id} in the MDC, which is then put back as it was. */
    static <T> T with(String id, Supplier<T> supplier) {
        String previous = current();
        set(id);
        try {
            return supplier.get();
        } finally {
            set(previous);
        }
    }

    static void set(String id) {
        if (id == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, id);
        }
    }
}
