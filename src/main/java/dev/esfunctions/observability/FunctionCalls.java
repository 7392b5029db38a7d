package dev.esfunctions.observability;

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
 * Observes every function call: counts and times it, by function, outcome and error type
 * ({@code esfunctions_function_requests_seconds{function, outcome, error_type}}), and gives it a request id that
 * every log line of the call carries ({@link RequestIds}).
 */
@Measured
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class FunctionCalls {

    private final MeterRegistry registry;

    FunctionCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    @AroundInvoke
    Object measure(InvocationContext invocation) throws Exception {
        if (!invocation.getMethod().isAnnotationPresent(Funq.class)) {
            return invocation.proceed();
        }
        String function = invocation.getMethod().getName();
        // A batch's operations keep the batch's id.
        String requestId = RequestIds.currentOrNew();
        Timer.Sample sample = Timer.start(registry);
        Object[] result = new Object[1];
        Exception[] thrown = new Exception[1];
        RequestIds.with(requestId, () -> {
            try {
                result[0] = invocation.proceed();
            } catch (Exception e) {
                thrown[0] = e;
            }
        });
        if (thrown[0] != null) {
            throw thrown[0];
        }
        return RequestIds.subscribedWith(requestId, () -> (Uni<?>) result[0]).onItemOrFailure().invoke((item, failure) -> sample.stop(Timer.builder("esfunctions.function.requests")
                .description("Function calls and their latency, by function, outcome and error type")
                .tag("function", function)
                .tag("outcome", failure == null ? "success" : "error")
                .tag("error.type", failure == null ? "none" : Failures.map(failure).type())
                .register(registry)));
    }
}
