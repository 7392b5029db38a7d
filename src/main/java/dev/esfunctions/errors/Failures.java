package dev.esfunctions.errors;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
     * a 502 of ours: we are its gateway), in the name of the server that said it; 503 when nothing was sent; 504 or
     * 502 when it may have been applied.
     */
    private static FunctionException fromCluster(ClusterFailure failure) {
        String server = failure.server() != null ? failure.server() : "the cluster";
        return switch (failure.kind()) {
            case NOT_SENT -> new FunctionException(503, failure.type(), failure.reason());
            case ANSWERED -> failure.status() >= 500
                    ? new FunctionException(failure.status() == 500 ? 502 : failure.status(), failure.type(),
                            server + " failed " + failure.call() + ": " + failure.reason())
                    : new FunctionException(failure.status(), failure.type(),
                            server + " rejected " + failure.call() + ": " + failure.reason());
            case NO_ANSWER -> new FunctionException("cluster_timeout".equals(failure.type()) ? 504 : 502,
                    failure.type(), failure.reason());
            case TLS, UNREADABLE_ANSWER -> new FunctionException(502, failure.type(), failure.reason());
        };
    }

    /** What Jackson could not read in a request body, naming the field. */
    public static FunctionException unreadableInput(JsonProcessingException e) {
        JsonProcessingException syntax = e instanceof StreamReadException ? e
                : e.getCause() instanceof StreamReadException read ? read : null;
        // A number out of a field's range is valid JSON: the field is named below.
        if (syntax != null && !(syntax instanceof InputCoercionException)) {
            return new FunctionException(400, "malformed_json", "the request body is not valid JSON: "
                    + firstLine(syntax.getOriginalMessage()) + location(syntax));
        }
        if (e instanceof StreamConstraintsException limit) {
            return FunctionException.invalidRequest("the request body is beyond what es-functions reads: "
                    + limit.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
        }
        String field = e instanceof DatabindException databind ? path((JsonMappingException) databind) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return FunctionException.invalidField(field, "is unknown; the accepted fields are "
                    + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")));
        }
        if (e instanceof InvalidNullException) {
            return FunctionException.invalidField(field, "is null: give a value, or leave the entry out");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !(e.getCause() instanceof IllegalArgumentException)) {
            String expected = expected(mismatch.getTargetType());
            String given = e instanceof InvalidFormatException invalid ? ", not " + shortened(invalid.getValue()) : "";
            return field.isEmpty() ? FunctionException.invalidRequest("the body must be " + expected + given)
                    : FunctionException.invalidField(field, "must be " + expected + given);
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
        return field.isEmpty() ? FunctionException.invalidRequest(firstLine(message))
                : FunctionException.invalidField(field, "is invalid: " + firstLine(message));
    }

    /** What a field of this Java type takes, in JSON's terms. */
    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number in range";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a JSON object";
    }

    private static String shortened(Object value) {
        String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
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
