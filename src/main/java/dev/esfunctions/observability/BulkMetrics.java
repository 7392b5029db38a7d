package dev.esfunctions.observability;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.bulk.BulkListener;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.bulk.DocumentOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code esfunctions_bulk_requests_seconds{outcome}}: {@code _bulk} requests and their latency;
 * {@code esfunctions_documents_total{outcome}}: documents succeeded, failed (of which {@code unknown}: may have been
 * written, and {@code dead_lettered}: kept in a dead-letter index), and sent again; {@code esfunctions_bulk_concurrency{which}}: per write, the lowest and the final number
 * of requests in flight, which adaptive concurrency lowers while the cluster rejects them as busy.
 */
@ApplicationScoped
class BulkMetrics implements BulkListener {

    private final MeterRegistry registry;

    BulkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterRequest(List<DocumentOutcome> outcomes, long nanos) {
        String outcome = outcomes.stream().anyMatch(DocumentOutcome::wholeRequestFailed) ? "failed"
                : outcomes.stream().anyMatch(o -> o.error() != null) ? "items_failed" : "ok";
        Timer.builder("esfunctions.bulk.requests")
                .description("_bulk requests and their latency, by outcome")
                .tag("outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void afterTally(BulkTally tally) {
        registry.counter("esfunctions.documents", "outcome", "succeeded").increment(tally.succeeded());
        registry.counter("esfunctions.documents", "outcome", "failed").increment(tally.failed());
        registry.counter("esfunctions.documents", "outcome", "unknown").increment(tally.unknown());
        registry.counter("esfunctions.documents", "outcome", "dead_lettered").increment(tally.deadLettered());
        registry.counter("esfunctions.documents", "outcome", "retried").increment(tally.retries());
        if (tally.lowestConcurrency() > 0) {
            DistributionSummary.builder("esfunctions.bulk.concurrency").tag("which", "lowest")
                    .description("_bulk requests in flight per write: the lowest and the final")
                    .register(registry).record(tally.lowestConcurrency());
            DistributionSummary.builder("esfunctions.bulk.concurrency").tag("which", "final")
                    .description("_bulk requests in flight per write: the lowest and the final")
                    .register(registry).record(tally.finalConcurrency());
        }
    }
}
