package dev.esfunctions.cluster;

import org.elasticsearch.client.Request;

/**
 * Observes every request the gateway sends, from outside: metrics and request logs implement it. {@code status} is
 * the HTTP status of the answer, or {@code "failed"} when there was none.
 */
public interface ClusterListener {

    void answered(Request request, String status, long nanos);
}
