package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLHandshakeException;

import org.apache.http.ConnectionClosedException;
import org.apache.http.ContentTooLongException;
import org.apache.http.conn.ConnectTimeoutException;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.Test;

import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.ClusterFailure.Kind;

class ClusterFailuresTest {

    private static final Request BULK = new Request("POST", "/orders/_bulk");

    @Test
    void whatNeverLeftTheProcessIsNotSentAndNotApplied() {
        for (Exception e : new Exception[] { new ConnectException("Connection refused"),
                new ConnectTimeoutException("connect timed out") }) {
            ClusterFailure failure = ClusterFailures.classify(e, BULK, false);
            assertEquals(Kind.NOT_SENT, failure.kind(), e.toString());
            assertTrue(failure.notApplied());
            assertTrue(failure.isTransient());
            assertEquals("POST /orders/_bulk", failure.call());
        }
    }

    @Test
    void whatTheCallerIsToldNamesNoAddressOfTheCluster() {
        for (Exception e : new Exception[] { new ConnectTimeoutException("Timeout connecting to [es.internal/10.0.0.5:9200]"),
                new ConnectException("Connection refused: es.internal/10.0.0.5:9200"),
                new UnknownHostException("es.internal: Name or service not known"),
                new SocketTimeoutException("Read timed out from es.internal:9200"),
                new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.5 found") }) {
            String reason = ClusterFailures.classify(e, BULK, false).reason();
            for (String address : new String[] { "es.internal", "10.0.0.5", "9200" }) {
                assertFalse(reason.contains(address), reason);
            }
        }
    }

    @Test
    void whatWasSentAndNotAnsweredMayHaveBeenApplied() {
        for (Exception e : new Exception[] { new SocketTimeoutException("Read timed out"),
                new ConnectionClosedException("Connection closed unexpectedly"), new IOException("Connection reset") }) {
            ClusterFailure failure = ClusterFailures.classify(new CompletionException(e), BULK, false);
            assertEquals(Kind.NO_ANSWER, failure.kind(), e.toString());
            assertFalse(failure.notApplied());
            assertTrue(failure.isTransient());
            assertTrue(failure.reason().contains("POST /orders/_bulk"), failure.reason());
        }
    }

    @Test
    void aFailedHandshakeAndAnAnswerTooLargeToReadAreNeitherRetriedNorGuessed() {
        ClusterFailure tls = ClusterFailures.classify(new SSLHandshakeException("PKIX path building failed"), BULK,
                false);
        assertEquals(Kind.TLS, tls.kind());
        assertTrue(tls.notApplied());
        assertFalse(tls.isTransient());
        assertTrue(tls.reason().contains("es-functions.tls"), tls.reason());
        ClusterFailure tooLarge = ClusterFailures.classify(new ContentTooLongException("entity content is too long"),
                BULK, false);
        assertEquals(Kind.UNREADABLE_ANSWER, tooLarge.kind());
        assertFalse(tooLarge.notApplied());
        assertFalse(tooLarge.isTransient());
    }

    @Test
    void somethingElseIsNotTheClustersToType() {
        assertNull(ClusterFailures.classify(new IllegalStateException("a bug"), BULK, false));
    }

    @Test
    void awsRefusalsOfASigV4CredentialAreToldFromTheClustersOwn() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertTrue(ClusterFailures.refusedByAws(json.readTree("{\"message\": \"The security token included in the "
                + "request is expired\"}")), "OpenSearch Service");
        assertTrue(ClusterFailures.refusedByAws(json.readTree("{\"status\": 403, \"request-id\": \"a1\", "
                + "\"error\": {\"reason\": \"403 Forbidden\", \"type\": \"Forbidden\"}}")), "Serverless");
        assertFalse(ClusterFailures.refusedByAws(json.readTree("{\"error\": {\"type\": \"security_exception\", "
                + "\"reason\": \"action [indices:data/write/bulk] is unauthorized\"}, \"status\": 403}")),
                "the cluster's own refusal");
    }
}
