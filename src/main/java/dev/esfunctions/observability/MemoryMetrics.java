package dev.esfunctions.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.esfunctions.cluster.MemoryBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The memory budget as gauges: what the calls in progress hold ({@code esfunctions_memory_held_bytes}) against its
 * capacity ({@code esfunctions_memory_budget_bytes}); refusals are counted with the function calls, by error type
 * {@code overloaded}.
 */
@ApplicationScoped
class MemoryMetrics {

    void register(@Observes StartupEvent started, MeterRegistry registry, MemoryBudget budget) {
        Gauge.builder("esfunctions.memory.held", budget, MemoryBudget::held).baseUnit("bytes")
                .description("Memory the calls in progress hold, reserved from the budget").register(registry);
        Gauge.builder("esfunctions.memory.budget", budget, MemoryBudget::capacity).baseUnit("bytes")
                .description("The memory budget of the calls in progress (es-functions.memory.budget)")
                .register(registry);
    }
}
