package dev.esfunctions.errors;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every failed request: {@code {"error": {"status": 400, "type": "...", "reason": "..."}}}. Funqy
 * registers the functions' own types for reflection; this one is written by the error paths, so it says so itself.
 */
@RegisterForReflection(targets = { ErrorResponse.class, ErrorResponse.Detail.class })
public record ErrorResponse(Detail error) {

    public record Detail(int status, String type, String reason) {
    }
}
