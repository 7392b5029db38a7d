package dev.esfunctions.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every failed request: {@code {"error": {"status": 400, "type": "...", "reason": "..."}}}, with a
 * {@code cursor} to continue and the {@code partial} answer when a scan, copy or delete by query stopped part way,
 * and {@code retryAfterSeconds} when the call was refused for now and may be sent again after that long.
 * Funqy registers the functions' own types for reflection; this one is written by the error paths, so it says so
 * itself.
 */
@RegisterForReflection(targets = { ErrorResponse.class, ErrorResponse.Detail.class })
public record ErrorResponse(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(int status, String type, String reason, String cursor, Object partial,
            Long retryAfterSeconds) {
    }
}
