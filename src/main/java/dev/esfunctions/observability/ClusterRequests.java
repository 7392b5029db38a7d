package dev.esfunctions.observability;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Request;
import org.jboss.logging.Logger;

import dev.esfunctions.cluster.ClusterListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every request to the cluster, timed in {@code esfunctions_cluster_requests_seconds{method, status}} and logged at
 * DEBUG with its status and latency.
 */
@ApplicationScoped
class ClusterRequests implements ClusterListener {

    private static final Logger LOG = Logger.getLogger(ClusterRequests.class);

    private final MeterRegistry registry;

    ClusterRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(Request request, String outcome, long nanos) {
        Timer.builder("esfunctions.cluster.requests")
                .description("Requests to the cluster and their latency, by method and status")
                .tag("method", request.getMethod()).tag("status", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        LOG.debugf("%s %s answered %s in %d ms", request.getMethod(), request.getEndpoint(), outcome, nanos / 1_000_000);
    }
}
