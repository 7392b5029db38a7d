package dev.esfunctions.errors;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request that cannot be served, with what the caller needs to fix it. Every failure reaches the caller as one of
 * these (see {@link Failures}), rendered as {@code {"error": {"status", "type", "reason"}}}. The message is that JSON
 * too, so that surfaces which report an exception's message (a Lambda function error) carry the same contract.
 * A failure that stopped a scan, copy or delete by query part way carries the {@code cursor} that continues it, and
 * what the call did before it stopped ({@code partial}, in the shape of the function's answer).
 */
public final class FunctionException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final String reason;
    private final String cursor;
    private final Object partial;
    private final Long retryAfterSeconds;

    public FunctionException(int status, String type, String reason) {
        this(status, type, reason, null, null, null);
    }

    private FunctionException(int status, String type, String reason, String cursor, Object partial,
            Long retryAfterSeconds) {
        super(null, null, false, false);
        this.status = status;
        this.type = type;
        this.reason = reason;
        this.cursor = cursor;
        this.partial = partial;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A call refused for now, before it did anything, that may succeed when sent again after {@code retryAfter}
     * (HTTP {@code Retry-After}, and {@code retryAfterSeconds} in the body for surfaces without headers).
     */
    public static FunctionException overloaded(String type, String reason, Duration retryAfter) {
        return new FunctionException(503, type, reason, null, null, Math.max(1, retryAfter.toSeconds()));
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

    /** The same failure, continued from {@code cursor} (null: it cannot be continued). */
    public FunctionException withCursor(String cursor) {
        return new FunctionException(status, type, reason, cursor, partial, retryAfterSeconds);
    }

    /** The same failure, with what the call did before it ({@code partial}: the function's answer so far). */
    public FunctionException withPartial(Object partial) {
        return new FunctionException(status, type, reason, cursor, partial, retryAfterSeconds);
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

    public String cursor() {
        return cursor;
    }

    public Object partial() {
        return partial;
    }

    /** Seconds to wait before sending the call again, when waiting is what it needs; else null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
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
        return new ErrorResponse(new ErrorResponse.Detail(status, type, reason, cursor, partial, retryAfterSeconds));
    }
}
