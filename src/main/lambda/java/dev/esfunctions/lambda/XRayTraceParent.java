package dev.esfunctions.lambda;


import java.util.List;

import jakarta.inject.Singleton;

import dev.esfunctions.observability.TraceParents;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;

/**
 * The X-Ray trace header of the invocation as the parent of its call: Lambda hands it to the runtime with each event
 * ({@code Lambda-Runtime-Trace-Id}), which sets it as the system property {@code com.amazonaws.xray.traceHeader}
 * (Quarkus's poll loop and AWS's runtime client alike); {@code _X_AMZN_TRACE_ID} where a runtime sets only that.
 * Read with the X-Ray propagator, so that a trace started by API Gateway, Step Functions or X-Ray goes on here.
 */
@Singleton
class XRayTraceParent implements TraceParents {

    static final String PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String VARIABLE = "_X_AMZN_TRACE_ID";
    private static final String XRAY_HEADER = "X-Amzn-Trace-Id";

    private static final TextMapGetter<String> HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String header) {
            return List.of(XRAY_HEADER);
        }

        @Override
        public String get(String header, String key) {
            return XRAY_HEADER.equalsIgnoreCase(key) ? header : null;
        }
    };

    @Override
    public Context parent(Object[] arguments) {
        String header = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        if (header == null || header.isEmpty()) {
            return null;
        }
        Context parent = AwsXrayPropagator.getInstance().extract(Context.root(), header, HEADER);
        return parent == Context.root() ? null : parent;
    }
}
