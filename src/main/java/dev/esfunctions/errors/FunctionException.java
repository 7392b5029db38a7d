package dev.esfunctions.errors;

/**
 * A request that cannot be served, with what the caller needs to fix it. Every failure reaches the caller as one of
 * these (see {@link Failures}), rendered as {@code {"error": {"status", "type", "reason"}}}.
 */
public final class FunctionException extends RuntimeException {

    private final int status;
    private final String type;

    public FunctionException(int status, String type, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.type = type;
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
        return getMessage();
    }

    public ErrorResponse toResponse() {
        return new ErrorResponse(new ErrorResponse.Detail(status, type, reason()));
    }
}
