package dev.esfunctions.knative;

import java.util.Map;

import jakarta.inject.Singleton;

import dev.esfunctions.observability.TraceParents;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.funqy.knative.events.CloudEvent;

/**
 * A CloudEvent's {@code traceparent} extension (CloudEvents' distributed tracing extension) as the parent of the call
 * it brings: the copy job's steps, each an event whose reply carries the step's own, stay one trace.
 */
@Singleton
class CloudEventTraceParent implements TraceParents {

    private static final TextMapGetter<Map<String, String>> EXTENSIONS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> extensions) {
            return extensions.keySet();
        }

        @Override
        public String get(Map<String, String> extensions, String key) {
            return extensions == null ? null : extensions.get(key);
        }
    };

    @Override
    public Context parent(Object[] arguments) {
        if (arguments.length == 0 || !(arguments[0] instanceof CloudEvent<?> event) || event.extensions() == null
                || !event.extensions().containsKey("traceparent")) {
            return null;
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), event.extensions(), EXTENSIONS);
    }
}
