package dev.esfunctions.cluster;

import org.elasticsearch.client.Request;

/**
 * Observes every request the gateway sends, from outside: metrics and request logs implement it. {@code outcome} is
 * the HTTP status of the answer, or the type of the failure when there was none ({@code cluster_timeout}, say).
 */
public interface ClusterListener {

    void answered(Request request, String outcome, long nanos);
}
