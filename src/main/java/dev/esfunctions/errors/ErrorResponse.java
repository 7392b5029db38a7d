package dev.esfunctions.errors;

/** The body of every failed request: {@code {"error": {"status": 400, "type": "...", "reason": "..."}}}. */
public record ErrorResponse(Detail error) {

    public record Detail(int status, String type, String reason) {
    }
}
