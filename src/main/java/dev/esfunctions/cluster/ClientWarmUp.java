package dev.esfunctions.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Builds the gateway, and with it the Elasticsearch client (its TLS context, its I/O reactor), when the application
 * starts rather than in the first call. Where the platform snapshots or pre-starts the process (Lambda SnapStart,
 * provisioned concurrency: {@code AWS_LAMBDA_INITIALIZATION_TYPE}), it is built before start-up ends, so that the
 * snapshot holds it; elsewhere it is built beside the first calls, on a worker thread, so start-up does not wait for
 * it. No request is sent: a connection opened before a snapshot would be dead after its restore.
 */
@ApplicationScoped
class ClientWarmUp {

    private static final Logger LOG = Logger.getLogger(ClientWarmUp.class);

    void onStart(@Observes StartupEvent event, Instance<ElasticsearchGateway> gateway) {
        Runnable build = () -> {
            try {
                gateway.get().inFlightLimit();
            } catch (RuntimeException e) {
                // The first call builds it again and reports what is wrong in its answer.
                LOG.debugf(e, "The Elasticsearch client could not be built at start-up");
            }
        };
        String initialization = System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE");
        if ("snap-start".equals(initialization) || "provisioned-concurrency".equals(initialization)) {
            build.run();
        } else {
            Infrastructure.getDefaultWorkerPool().execute(build);
        }
    }
}
