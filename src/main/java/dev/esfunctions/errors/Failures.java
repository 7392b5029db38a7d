package dev.esfunctions.errors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.elasticsearch.client.ResponseException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.funqy.runtime.ApplicationException;

/** The one place that turns a failure of any origin into the error the caller sees. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Failures() {
    }

    public static FunctionException map(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof FunctionException functionException) {
            return functionException;
        }
        if (cause instanceof ResponseException responseException) {
            return fromElasticsearch(responseException);
        }
        if (cause instanceof JsonProcessingException unreadable) {
            return unreadableInput(unreadable);
        }
        if (cause instanceof IOException io) {
            return FunctionException.clusterUnavailable("Elasticsearch is unreachable (" + describe(io)
                    + "): check that the cluster is up and that quarkus.elasticsearch.hosts points at it");
        }
        LOG.error("Unexpected failure", cause);
        return new FunctionException(500, "internal_error", "unexpected " + describe(cause)
                + "; this is a bug in es-functions, please report it with the request that caused it");
    }

    /** Elasticsearch's own status, type and reason, so a rejected query says exactly what Elasticsearch said. */
    private static FunctionException fromElasticsearch(ResponseException e) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        String type = "elasticsearch_error";
        String reason = e.getResponse().getStatusLine().getReasonPhrase();
        try (InputStream body = e.getResponse().getEntity().getContent()) {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                reason = error.asText();
            }
            JsonNode rootCause = error.path("root_cause").path(0);
            JsonNode detail = rootCause.isObject() ? rootCause : error;
            type = detail.path("type").asText(type);
            reason = detail.path("reason").asText(reason);
            if (error.path("caused_by").path("reason").isTextual() && !rootCause.isObject()) {
                reason += ": " + error.path("caused_by").path("reason").asText();
            }
        } catch (IOException | RuntimeException unreadable) {
            // keep the status line
        }
        if (status >= 500) {
            return new FunctionException(status == 500 ? 502 : status, type, "Elasticsearch failed: " + reason);
        }
        return new FunctionException(status, type, "Elasticsearch rejected the request: " + reason);
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
