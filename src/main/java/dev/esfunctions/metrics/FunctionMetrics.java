package dev.esfunctions.metrics;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import dev.esfunctions.errors.Failures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * Counts and times every function call, by function, outcome and error type:
 * {@code esfunctions_function_requests_seconds{function, outcome, error_type}}.
 */
@Measured
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class FunctionMetrics {

    private final MeterRegistry registry;

    FunctionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @AroundInvoke
    Object measure(InvocationContext invocation) throws Exception {
        if (!invocation.getMethod().isAnnotationPresent(Funq.class)) {
            return invocation.proceed();
        }
        String function = invocation.getMethod().getName();
        Timer.Sample sample = Timer.start(registry);
        Uni<?> result = (Uni<?>) invocation.proceed();
        return result.onItemOrFailure().invoke((item, failure) -> sample.stop(Timer.builder("esfunctions.function.requests")
                .description("Function calls and their latency, by function, outcome and error type")
                .tag("function", function)
                .tag("outcome", failure == null ? "success" : "error")
                .tag("error.type", failure == null ? "none" : Failures.map(failure).type())
                .register(registry)));
    }
}
