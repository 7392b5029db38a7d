package dev.esfunctions.knative;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.functions.CopyFunction;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.observability.Tracing;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.smallrye.mutiny.Uni;

/**
 * A copy job driven by the Broker, with no loop of ours: each {@code dev.esfunctions.copy.job} event is one
 * {@code copy} call, and its reply, back on the Broker, is the next step while the slice has a cursor, so that the
 * Trigger delivers it here again; the last reply is a {@code dev.esfunctions.copy.job.done} event with the slice's
 * totals. The job id ({@code esfjob}, the first event's id when absent) and every other extension of the event
 * (a slice label) travel with each step; where tracing is on, the reply's {@code traceparent} is this step's, so that
 * the job is one trace, each step the child of the one before. A step that fails with a 5xx (the cluster busy or
 * away) is answered with that status, so that the Broker delivers the same step again with its retry policy: a
 * step is a copy from its cursor, which writes the same documents again (mode {@code replace}, the default, is
 * idempotent). A 4xx ends the slice with a {@code dev.esfunctions.error} event. A step is a call of its own
 * ({@link Measured}: its request id, counted as {@code copyJob}, its span), whose copy is made inside it.
 */
@Singleton
@Measured
public class CopyJobFunction {

    static final String STEP = "dev.esfunctions.copy.job";
    static final String DONE = "dev.esfunctions.copy.job.done";
    static final String JOB = "esfjob";
    static final String TRACEPARENT = "traceparent";

    private final CopyFunction copy;

    CopyJobFunction(CopyFunction copy) {
        this.copy = copy;
    }

    @Funq("copyJob")
    public Uni<CloudEvent<CopyJobStep>> copyJob(CloudEvent<CopyJobStep> event) {
        return Uni.createFrom().deferred(() -> {
            CopyJobStep step = event.data();
            if (step == null || step.copy() == null) {
                throw FunctionException.invalidRequest("a copy job step needs 'copy', the copy request (with the "
                        + "slice's 'cursor' from plan), e.g. {\"copy\": {\"index\": \"products\", \"target\": "
                        + "\"products-v2\", \"cursor\": \"...\"}}");
            }
            CopyJobStep.Totals before = step.totals() == null ? CopyJobStep.Totals.NONE : step.totals();
            Map<String, String> extensions = new HashMap<>(event.extensions() == null ? Map.of() : event.extensions());
            extensions.putIfAbsent(JOB, event.id());
            return copy.copy(step.copy()).map(result -> {
                // The next step continues this one's trace (Tracing.traceparent() is null where tracing is off).
                String traceparent = Tracing.traceparent();
                if (traceparent != null) {
                    extensions.put(TRACEPARENT, traceparent);
                }
                boolean more = result.cursor() != null;
                return CloudEventBuilder.create().type(more ? STEP : DONE).source("es-functions")
                        .extensions(extensions)
                        .build(new CopyJobStep(more ? step.copy().withCursor(result.cursor()) : step.copy(),
                                before.plus(result)));
            });
        });
    }
}
