package dev.esfunctions.observability;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import jakarta.inject.Singleton;

import org.elasticsearch.client.Request;

import dev.esfunctions.cluster.ClusterIdentity;
import dev.esfunctions.cluster.RequestTraces;
import dev.esfunctions.errors.ClusterFailure;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * A client span per request to the cluster, child of the call's span, its {@code traceparent} sent with the request
 * so that the cluster's own spans join the trace. It records the method, the endpoint as a template
 * ({@code /{index}/_bulk}, {@code /_tasks/{task_id}}) with the index expression beside it, the status or the
 * failure's type and fate, the sendings to other nodes, and the bytes of the request and of the answer: never the
 * query string, a body or a task's id.
 */
@Singleton
class ClusterSpans implements RequestTraces {

    private final Tracer tracer;
    private final ClusterIdentity identity;

    ClusterSpans(Tracer tracer, ClusterIdentity identity) {
        this.tracer = tracer;
        this.identity = identity;
    }

    @Override
    public RequestTrace started(Request request) {
        if (!Tracing.on()) {
            return RequestTrace.NONE;
        }
        Endpoint endpoint = Endpoint.of(request.getEndpoint());
        SpanBuilder builder = tracer.spanBuilder(request.getMethod() + " " + endpoint.template())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.template", endpoint.template());
        if (endpoint.index() != null) {
            builder.setAttribute("elasticsearch.path_parts.index", endpoint.index());
        }
        identity.known().ifPresent(server -> builder.setAttribute("db.system.name",
                server.distribution().name().toLowerCase()));
        if (request.getEntity() != null && request.getEntity().getContentLength() >= 0) {
            builder.setAttribute("http.request.body.size", request.getEntity().getContentLength());
        }
        return new ClusterSpan(builder.startSpan());
    }

    private static final class ClusterSpan implements RequestTrace {

        private final Span span;
        private final AtomicInteger attempts = new AtomicInteger();

        ClusterSpan(Span span) {
            this.span = span;
        }

        @Override
        public void headers(BiConsumer<String, String> header) {
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), header,
                    BiConsumer::accept);
        }

        @Override
        public void attempted() {
            attempts.incrementAndGet();
        }

        @Override
        public void ended(int status, Throwable failure, long answerBytes) {
            span.setAttribute("esfunctions.cluster.retries", Math.max(0, attempts.get() - 1));
            if (answerBytes >= 0) {
                span.setAttribute("http.response.body.size", answerBytes);
            }
            if (failure == null) {
                span.setAttribute("http.response.status_code", status);
            } else if (failure instanceof ClusterFailure typed) {
                if (typed.kind() == ClusterFailure.Kind.ANSWERED) {
                    span.setAttribute("http.response.status_code", typed.status());
                }
                span.setAttribute("error.type", typed.type())
                        .setAttribute("esfunctions.cluster.fate", typed.kind().name().toLowerCase())
                        .setStatus(StatusCode.ERROR, typed.type());
            } else {
                String type = failure.getClass().getSimpleName();
                span.setAttribute("error.type", type).setStatus(StatusCode.ERROR, type);
            }
            span.end();
        }
    }

    /**
     * A request's path as a template: its API segments ({@code _bulk}, {@code _search}) kept, the index expression
     * replaced by {@code {index}} (and given apart, decoded), a task's id by {@code {task_id}}.
     */
    record Endpoint(String template, String index) {

        static Endpoint of(String path) {
            StringBuilder template = new StringBuilder();
            String index = null;
            String previous = "";
            for (String segment : path.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                template.append('/');
                if (segment.startsWith("_") || "index".equals(segment) && "_resolve".equals(previous)) {
                    template.append(segment);
                } else if ("_tasks".equals(previous)) {
                    template.append("{task_id}");
                } else {
                    template.append("{index}");
                    index = URLDecoder.decode(segment, StandardCharsets.UTF_8);
                }
                previous = segment;
            }
            return new Endpoint(template.isEmpty() ? "/" : template.toString(), index);
        }
    }
}
