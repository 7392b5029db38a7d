package dev.esfunctions.cluster;

import java.util.function.BiConsumer;

import org.elasticsearch.client.Request;

/**
 * Traces every request the gateway sends, from outside, as {@link ClusterListener} observes them: {@code
 * observability} implements it with OpenTelemetry, so that the gateway knows no tracing library. A trace starts before
 * the request is signed, because the headers that carry it to the cluster ({@code traceparent}) go out with the
 * request, and ends once, when the request is answered or given up on.
 */
public interface RequestTraces {

    /** The trace of {@code request}, started now, in the trace of the call that sends it. */
    RequestTrace started(Request request);

    /** One request's trace. */
    interface RequestTrace {

        /** Where tracing is off: no header, nothing recorded. */
        RequestTrace NONE = new RequestTrace() {
        };

        /** The headers that carry the trace to the cluster, given to {@code header} before the request is signed. */
        default void headers(BiConsumer<String, String> header) {
        }

        /** The request is handed to the client: once, or again for another node when the one before reached none. */
        default void attempted() {
        }

        /**
         * The request is answered ({@code failure} null, {@code status} the answer's) or failed; {@code answerBytes}
         * as the answer says, or -1.
         */
        default void ended(int status, Throwable failure, long answerBytes) {
        }
    }
}
