package dev.esfunctions.errors;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.funqy.runtime.ApplicationException;

/** The one place that turns a failure of any origin into the error the caller sees. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static FunctionException map(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof FunctionException functionException) {
            return functionException;
        }
        if (cause instanceof ClusterFailure cluster) {
            return fromCluster(cluster);
        }
        if (cause instanceof JsonProcessingException unreadable) {
            return unreadableInput(unreadable);
        }
        LOG.error("Unexpected failure", cause);
        return new FunctionException(500, "internal_error", "unexpected " + describe(cause)
                + "; this is a bug in es-functions, please report it with the request that caused it");
    }

    /**
     * A failed request to the cluster, by its fate: what the cluster said, with its status (a 500 of the cluster is
     * a 502 of ours: we are its gateway); 503 when nothing was sent; 504 or 502 when it may have been applied.
     */
    private static FunctionException fromCluster(ClusterFailure failure) {
        return switch (failure.kind()) {
            case NOT_SENT -> new FunctionException(503, failure.type(), failure.reason());
            case ANSWERED -> failure.status() >= 500
                    ? new FunctionException(failure.status() == 500 ? 502 : failure.status(), failure.type(),
                            "Elasticsearch failed " + failure.call() + ": " + failure.reason())
                    : new FunctionException(failure.status(), failure.type(),
                            "Elasticsearch rejected " + failure.call() + ": " + failure.reason());
            case NO_ANSWER -> new FunctionException("cluster_timeout".equals(failure.type()) ? 504 : 502,
                    failure.type(), failure.reason());
            case TLS, UNREADABLE_ANSWER -> new FunctionException(502, failure.type(), failure.reason());
        };
    }

    /** What Jackson could not read in a request body, naming the field. */
    public static FunctionException unreadableInput(JsonProcessingException e) {
        if (e instanceof StreamReadException) {
            return new FunctionException(400, "malformed_json", "the request body is not valid JSON: "
                    + firstLine(e.getOriginalMessage()) + location(e));
        }
        String field = e instanceof DatabindException databind ? path((JsonMappingException) databind) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return FunctionException.invalidField(field, "is unknown; the accepted fields are "
                    + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")));
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
        return field.isEmpty() ? FunctionException.invalidRequest(firstLine(message))
                : FunctionException.invalidField(field, "is invalid: " + firstLine(message));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof ApplicationException
                || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
