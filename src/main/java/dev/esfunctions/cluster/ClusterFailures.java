package dev.esfunctions.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.apache.http.ContentTooLongException;
import org.apache.http.conn.ConnectTimeoutException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.ClusterFailure.Kind;

/** What the client's exceptions say about a request's fate, as a {@link ClusterFailure}. */
final class ClusterFailures {

    /** The type of a request that reached no node: refused, unresolved, unroutable, or no connection in time. */
    static final String UNREACHABLE = "cluster_unavailable";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A bracketed connection target, an IPv4 address (after a host name and a slash, with a port), a host and port. */
    private static final Pattern ADDRESS = Pattern.compile(
            "\\[[^\\]]*\\]|(?:[\\w.-]+/)?\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?|[\\w.-]+:\\d{2,5}");

    private ClusterFailures() {
    }

    /** The type of AWS's refusal of a SigV4 signature, told from the cluster's own 403 only where requests are signed. */
    static final String AWS_REFUSED = "aws_sigv4_refused";

    static ClusterFailure classify(Throwable failure, Request request, boolean signed) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        String call = call(request);
        if (cause instanceof ClusterFailure known) {
            return known;
        }
        if (cause instanceof ResponseException answered) {
            return answered(answered, call, signed);
        }
        if (cause instanceof ContentTooLongException tooLong) {
            return new ClusterFailure(Kind.UNREADABLE_ANSWER, call, 0, "cluster_answer_too_large", "Elasticsearch's answer to "
                    + call + " is larger than the client reads (" + tooLong.getMessage() + "): ask for less at once "
                    + "(a smaller size or batchSize)", cause);
        }
        if (cause instanceof SSLHandshakeException tls) {
            return new ClusterFailure(Kind.TLS, call, 0, "cluster_tls_error", "the TLS handshake with the cluster failed ("
                    + describe(tls) + "): check quarkus.elasticsearch.protocol and that es-functions.tls names the "
                    + "CA that signed the cluster's certificate", cause);
        }
        if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException
                || cause instanceof TimeoutException) {
            return new ClusterFailure(Kind.NOT_SENT, call, 0, UNREACHABLE, "Elasticsearch is unreachable ("
                    + describe(cause) + "): check that the cluster is up and that quarkus.elasticsearch.hosts points "
                    + "at it", cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return noAnswer(call, "cluster_timeout", "Elasticsearch stopped answering " + call + " ("
                    + describe(cause) + "); it may have applied the request", cause);
        }
        if (cause instanceof IOException) {
            return noAnswer(call, "cluster_connection_lost", "the connection to Elasticsearch broke during " + call
                    + " (" + describe(cause) + "); it may have applied the request", cause);
        }
        return null;
    }

    static ClusterFailure noAnswer(String call, String type, String reason, Throwable cause) {
        return new ClusterFailure(Kind.NO_ANSWER, call, 0, type, reason, cause);
    }

    static String call(Request request) {
        return request.getMethod() + " " + request.getEndpoint();
    }

    /**
     * The cluster's own status, type and reason, so a rejected query says exactly what the cluster said; named
     * Elasticsearch where the answer says so (7.14 on), and left for the gateway to name otherwise.
     */
    private static ClusterFailure answered(ResponseException e, String call, boolean signed) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        String type = "elasticsearch_error";
        String reason = e.getResponse().getStatusLine().getReasonPhrase();
        try (InputStream body = e.getResponse().getEntity().getContent()) {
            JsonNode answer = JSON.readTree(body);
            if (signed && status == 403 && refusedByAws(answer)) {
                return new ClusterFailure(Kind.ANSWERED, call, status, AWS_REFUSED, "the AWS endpoint refused "
                        + "the request's SigV4 credential (" + answer.path("message").asText(
                                answer.path("error").path("reason").asText(reason)) + "): check that the credentials "
                        + "es-functions signs with (" + SigV4Signer.CHAIN + ") are current, that es-functions.aws.region "
                        + "and es-functions.aws.service match the endpoint, and that the role is allowed by the "
                        + "domain's access policy (es:ESHttp*) or the collection's data access policy (aoss)", e);
            }
            JsonNode error = answer.path("error");
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
        ClusterFailure failure = new ClusterFailure(Kind.ANSWERED, call, status, type, reason, e);
        return ClusterIdentity.saysElasticsearch(e.getResponse())
                ? failure.answeredBy(Distribution.ELASTICSEARCH.product()) : failure;
    }

    /**
     * Whether a 403 is AWS's refusal of a SigV4 credential rather than the cluster's own: OpenSearch Service answers
     * {@code {"message": ...}} (a bad signature, an expired token, a role the access policy does not allow),
     * Serverless {@code {"error": {"type": "Forbidden"}}}; the cluster's refusals are typed exceptions.
     */
    static boolean refusedByAws(JsonNode answer) {
        return answer.path("message").isTextual() && !answer.has("error")
                || "Forbidden".equals(answer.path("error").path("type").asText());
    }

    /**
     * An exception's words for the caller, without the addresses they may name ({@code [es.internal/10.0.0.5:9200]},
     * a host's name): the caller learns what failed, not where the cluster is; the cause keeps them for the log.
     */
    private static String describe(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "UnknownHostException: a host of quarkus.elasticsearch.hosts has no address";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + ADDRESS.matcher(t.getMessage()).replaceAll("(the cluster)");
    }
}
