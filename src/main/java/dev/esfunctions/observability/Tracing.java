package dev.esfunctions.observability;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.spi.ThreadContextController;

import dev.esfunctions.errors.FunctionException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * A span per function call, opened where the call starts ({@link FunctionCalls}) and ended when its answer or error
 * is known: the function, the index it reads and the one it writes, the outcome and error type, and the counts of the
 * answer. Nothing a caller sent is recorded but those index names: no document, query, cursor or credential.
 * <p>
 * Tracing is on where {@code quarkus.otel.sdk.disabled} is false; off (the default), a call costs one check: no span
 * is made, and {@link CallContext} carries no trace to the call's threads.
 */
@Singleton
public class Tracing {

    private static volatile boolean on;

    /** What of a request is recorded: the index names it names, nothing it carries. */
    private static final Set<String> NAMES = Set.of("index", "target");

    /** Record components that are not counts of the answer. */
    private static final Set<String> NOT_COUNTS = Set.of("took");

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return components(type);
        }
    };

    private final Tracer tracer;
    private final Instance<TraceParents> parents;

    Tracing(Tracer tracer, Instance<TraceParents> parents,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
        this.tracer = tracer;
        this.parents = parents;
        on = !disabled;
    }

    /** Whether calls are traced: read on every stage of every pipeline, so a field, not a lookup. */
    static boolean on() {
        return on;
    }

    /**
     * The W3C {@code traceparent} of the span current on this thread, for a message that continues the call's trace
     * (a copy job's next step); null where tracing is off.
     */
    public static String traceparent() {
        if (!on || !Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> headers = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return headers.get("traceparent");
    }

    /** The trace id of the span current on this thread, for what records the call (a dead letter); null where none. */
    public static String traceId() {
        if (!on) {
            return null;
        }
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** The span of the call of {@code function} starting now; {@code nested} when another call makes it. */
    FunctionSpan started(String function, Object[] arguments, boolean nested) {
        if (!on) {
            return FunctionSpan.NONE;
        }
        Context parent = nested ? Context.current() : callersContext(arguments);
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        Span span = tracer.spanBuilder(function).setParent(parent)
                // The call's own entry where no server span of Quarkus's received it (Lambda, a CloudEvent's trace).
                .setSpanKind(!parentSpan.isValid() || parentSpan.isRemote() ? SpanKind.SERVER : SpanKind.INTERNAL)
                .setAttribute("esfunctions.function", function).startSpan();
        if (arguments.length > 0 && arguments[0] != null) {
            for (Component component : COMPONENTS.get(arguments[0].getClass())) {
                if (NAMES.contains(component.name()) && component.value(arguments[0]) instanceof String name) {
                    span.setAttribute("esfunctions." + component.name(), name);
                }
            }
        }
        return new FunctionSpan(span, parent.with(span));
    }

    private Context callersContext(Object[] arguments) {
        for (TraceParents surface : parents) {
            Context parent = surface.parent(arguments);
            if (parent != null) {
                return parent;
            }
        }
        return Context.current();
    }

    /** One call's span. */
    static class FunctionSpan {

        static final FunctionSpan NONE = new FunctionSpan(null, null);

        private final Span span;
        private final Context context;

        FunctionSpan(Span span, Context context) {
            this.span = span;
            this.context = context;
        }

        /**
         * The span made current (and logged) while the call assembles its pipeline, which carries it on
         * ({@link CallContext}), until the controller is ended.
         */
        ThreadContextController current() {
            return context == null ? () -> {
            } : CallContext.traced(context);
        }

        /** The call answered {@code answer}, or failed with {@code failure} (already the error contract), or was cancelled. */
        void ended(Object answer, Throwable failure, boolean cancelled) {
            if (span == null) {
                return;
            }
            if (failure != null || cancelled) {
                String type = failure instanceof FunctionException contract ? contract.type()
                        : cancelled ? "cancelled" : failure.getClass().getSimpleName();
                span.setAttribute("esfunctions.outcome", "error").setAttribute("error.type", type)
                        .setStatus(StatusCode.ERROR, type);
            } else {
                span.setAttribute("esfunctions.outcome", "success");
                if (answer != null) {
                    for (Component component : COMPONENTS.get(answer.getClass())) {
                        if (component.count() && component.value(answer) instanceof Number count) {
                            span.setAttribute("esfunctions.result." + component.name(), count.longValue());
                        }
                    }
                }
            }
            span.end();
        }
    }

    /** A record's component, read by one method handle: what a request names, or a count of an answer. */
    private record Component(String name, boolean count, MethodHandle accessor) {

        Object value(Object record) {
            try {
                return accessor.invoke(record);
            } catch (Throwable unreadable) {
                return null;
            }
        }
    }

    private static List<Component> components(Class<?> type) {
        if (!type.isRecord()) {
            return List.of();
        }
        List<Component> components = new ArrayList<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> kind = component.getType();
            boolean count = (kind == int.class || kind == long.class) && !NOT_COUNTS.contains(component.getName());
            if (count || (kind == String.class && NAMES.contains(component.getName()))) {
                try {
                    components.add(new Component(component.getName(), count,
                            lookup.unreflect(component.getAccessor())));
                } catch (IllegalAccessException notPublic) {
                    // A record of the contract is public; any other is not read.
                }
            }
        }
        return List.copyOf(components);
    }
}
