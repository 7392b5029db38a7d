package dev.esfunctions.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * An instance whose client has stopped can never reach the cluster again: it is not ready, and not live, so that the
 * platform (Kubernetes, Knative) replaces it instead of routing calls to it that can only fail. The cluster's own
 * health (Quarkus's readiness check) says nothing of this: a cluster that is down comes back by itself, a stopped
 * client does not.
 */
@Liveness
@Readiness
@ApplicationScoped
public class ClientLiveness implements HealthCheck {

    private final ElasticsearchGateway gateway;

    ClientLiveness(ElasticsearchGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Elasticsearch client").status(gateway.clientRunning()).build();
    }
}
