package dev.esfunctions.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class FailuresTest {

    record Probe(String index) {
    }

    @Test
    void aFunctionExceptionPassesThroughAnyWrapping() {
        FunctionException refused = new FunctionException(403, "index_not_allowed", "no");
        assertSame(refused, Failures.map(new CompletionException(refused)));
    }

    @Test
    void anUnreachableClusterIsServiceUnavailableSayingWhatToCheck() {
        FunctionException mapped = Failures.map(new ConnectException("Connection refused"));
        assertEquals(503, mapped.status());
        assertEquals("cluster_unavailable", mapped.type());
        assertTrue(mapped.reason().contains("quarkus.elasticsearch.hosts"), mapped.reason());
    }

    @Test
    void bodiesThatAreNotJsonOrHaveUnknownFieldsAreBadRequestsNamingWhereAndWhat() {
        FunctionException malformed = Failures.map(assertThrowsJson("{\"index\": "));
        assertEquals("malformed_json", malformed.type());
        assertTrue(malformed.reason().contains("line 1"), malformed.reason());
        FunctionException unknown = Failures.map(assertThrowsJson("{\"indx\": \"a\"}"));
        assertEquals("invalid_field", unknown.type());
        assertTrue(unknown.reason().contains("'indx' is unknown") && unknown.reason().contains("index"),
                unknown.reason());
    }

    @Test
    void anythingElseIsAnInternalErrorThatAsksToBeReported() {
        FunctionException mapped = Failures.map(new IllegalStateException("boom"));
        assertEquals(500, mapped.status());
        assertEquals("internal_error", mapped.type());
        assertTrue(mapped.reason().contains("boom"));
    }

    /** What Jackson throws reading {@code json} as a request whose one field is {@code index}. */
    private static Exception assertThrowsJson(String json) {
        try {
            new ObjectMapper().readValue(json, Probe.class);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected " + json + " to be refused");
    }
}
