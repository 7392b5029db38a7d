package dev.esfunctions.observability;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.jboss.logging.MDC;

import dev.esfunctions.cluster.CallDeadline;
import dev.esfunctions.cluster.CallMemory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Carries what a call's threads must know of it, its request id, its platform deadline ({@link CallDeadline}), what
 * it holds of the memory budget from before it started ({@link CallMemory}) and,
 * where tracing is on, its trace ({@link Tracing}), across the threads it runs on (workers, the client's I/O threads,
 * the retry scheduler): Mutiny captures thread contexts when a pipeline is assembled and restores them around each of
 * its callbacks, so the engine never handles them itself. One provider for all four: each provider is restored
 * around every item of every stage, and a second one cost a fifth more CPU per upserted document in the benchmark.
 * That is why OpenTelemetry's own provider is left out ({@code mp.context.ThreadContext.unchanged}), and the trace
 * travels here, only where tracing is on: the span made current, and its ids on the log lines (MDC {@code traceId},
 * {@code spanId}).
 */
public class CallContext implements ThreadContextProvider {

    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return snapshot(RequestIds.current(), CallDeadline.answerBy(), CallMemory.held(),
                Tracing.on() ? Context.current() : null);
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return snapshot(null, null, null, null);
    }

    @Override
    public String getThreadContextType() {
        return "es-functions-call";
    }

    /**
     * The deadline and the memory held are set only where they change: where the platform sets no deadline, or the
     * surface holds nothing for a call, they never do; the trace only where there is one.
     */
    private static ThreadContextSnapshot snapshot(String id, Long answerBy, Long held, Context trace) {
        return () -> {
            String previousId = RequestIds.current();
            Long previousAnswerBy = CallDeadline.answerBy();
            Long previousHeld = CallMemory.held();
            RequestIds.set(id);
            if (previousAnswerBy != answerBy) {
                CallDeadline.set(answerBy);
            }
            if (previousHeld != held) {
                CallMemory.set(held);
            }
            ThreadContextController traced = trace == null ? null : traced(trace);
            ThreadContextController restore = () -> {
                if (traced != null) {
                    traced.endContext();
                }
                RequestIds.set(previousId);
                if (previousAnswerBy != answerBy) {
                    CallDeadline.set(previousAnswerBy);
                }
                if (previousHeld != held) {
                    CallMemory.set(previousHeld);
                }
            };
            return restore;
        };
    }

    /** The trace made current, and its ids logged, until the controller puts back what was there. */
    static ThreadContextController traced(Context trace) {
        Object previousTrace = MDC.get(TRACE_ID);
        Object previousSpan = MDC.get(SPAN_ID);
        Scope scope = trace.makeCurrent();
        SpanContext span = Span.fromContext(trace).getSpanContext();
        logged(TRACE_ID, span.isValid() ? span.getTraceId() : null);
        logged(SPAN_ID, span.isValid() ? span.getSpanId() : null);
        return () -> {
            scope.close();
            logged(TRACE_ID, previousTrace);
            logged(SPAN_ID, previousSpan);
        };
    }

    private static void logged(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
