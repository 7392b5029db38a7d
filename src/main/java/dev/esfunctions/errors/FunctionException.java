package dev.esfunctions.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request that cannot be served, with what the caller needs to fix it. Every failure reaches the caller as one of
 * these (see {@link Failures}), rendered as {@code {"error": {"status", "type", "reason"}}}. The message is that JSON
 * too, so that surfaces which report an exception's message (a Lambda function error) carry the same contract.
 */
public final class FunctionException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final String reason;

    public FunctionException(int status, String type, String reason) {
        super(null, null, false, false);
        this.status = status;
        this.type = type;
        this.reason = reason;
    }

    public static FunctionException invalidRequest(String reason) {
        return new FunctionException(400, "invalid_request", reason);
    }

    public static FunctionException invalidField(String field, String reason) {
        return new FunctionException(400, "invalid_field", "field '" + field + "' " + reason);
    }

    public static FunctionException tooLarge(String type, String reason) {
        return new FunctionException(413, type, reason);
    }

    public static FunctionException clusterUnavailable(String reason) {
        return new FunctionException(503, "cluster_unavailable", reason);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        try {
            return JSON.writeValueAsString(toResponse());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contract alone, without the class name: Funqy's Lambda binding reports a failure by its toString(). */
    @Override
    public String toString() {
        return getMessage();
    }

    public ErrorResponse toResponse() {
        return new ErrorResponse(new ErrorResponse.Detail(status, type, reason()));
    }
}
