package dev.esfunctions.observability;

import io.opentelemetry.context.Context;

/**
 * Where a surface's caller says which trace a call is part of, when it is not an HTTP {@code traceparent} header
 * (which Quarkus's HTTP server instrumentation reads into the current context): a CloudEvent's {@code traceparent}
 * extension on Knative, the X-Ray trace header on Lambda. Implemented in {@code src/main/<surface>}; asked only when a
 * call starts, never for a call made by another (a batch's operation, a copy job's step).
 */
public interface TraceParents {

    /** The context the call whose arguments are {@code arguments} continues, or null where its caller sent none. */
    Context parent(Object[] arguments);
}
