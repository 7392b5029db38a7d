package dev.esfunctions.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aClusterFailureMapsByItsFate() {
        assertEquals(503, Failures.map(cluster(ClusterFailure.Kind.NOT_SENT, 0, "cluster_unavailable")).status());
        assertEquals(504, Failures.map(cluster(ClusterFailure.Kind.NO_ANSWER, 0, "cluster_timeout")).status());
        assertEquals(502, Failures.map(cluster(ClusterFailure.Kind.NO_ANSWER, 0, "cluster_connection_lost")).status());
        assertEquals(502, Failures.map(cluster(ClusterFailure.Kind.TLS, 0, "cluster_tls_error")).status());
        assertEquals(429, Failures.map(cluster(ClusterFailure.Kind.ANSWERED, 429, "es_rejected_execution_exception"))
                .status());
        FunctionException refused = Failures.map(cluster(ClusterFailure.Kind.ANSWERED, 403, "security_exception")
                .answeredBy("OpenSearch"));
        assertEquals(403, refused.status());
        assertEquals("security_exception", refused.type());
        assertEquals("OpenSearch rejected POST /orders/_bulk: the reason", refused.reason(),
                "the server that answered, and the call, which names the index the cluster's reason may leave out");
        assertEquals("the cluster rejected POST /orders/_bulk: the reason",
                Failures.map(cluster(ClusterFailure.Kind.ANSWERED, 400, "parse_exception")).reason(),
                "a server that could not be named");
        FunctionException failed = Failures.map(new CompletionException(
                cluster(ClusterFailure.Kind.ANSWERED, 500, "null_pointer_exception")));
        assertEquals(502, failed.status(), "the cluster's 500 is our 502: we are its gateway");
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
    private static ClusterFailure cluster(ClusterFailure.Kind kind, int status, String type) {
        return new ClusterFailure(kind, "POST /orders/_bulk", status, type, "the reason", null);
    }

    private static Exception assertThrowsJson(String json) {
        try {
            new ObjectMapper().readValue(json, Probe.class);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected " + json + " to be refused");
    }
}
