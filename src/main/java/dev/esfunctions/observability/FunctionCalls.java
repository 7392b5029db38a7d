package dev.esfunctions.observability;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.eclipse.microprofile.context.spi.ThreadContextController;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.cluster.CallArrivals;
import dev.esfunctions.cluster.CallDeadline;
import dev.esfunctions.cluster.CallHolds;
import dev.esfunctions.cluster.CallMemory;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * The boundary every function call crosses, on every surface: it gives the call a request id that every log line
 * of the call carries ({@link RequestIds}), turns any failure into the error contract ({@link Failures}: Lambda
 * reports what it gets, with no handler of ours in between), keeps what a surface holds for the call until the call
 * ends ({@link CallHolds}), starts the call's clock where its surface received it ({@link CallStart}), and counts
 * and times the call, by function, outcome and error type
 * ({@code esfunctions_function_requests_seconds{function, outcome, error_type}}).
 */
@Measured
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class FunctionCalls {

    private final MeterRegistry registry;
    private final Instance<CallHolds> holds;
    private final Instance<CallArrivals> arrivals;
    private final Tracing tracing;
    /** How long after its start a call's requests must be answered, where the platform limits a call. */
    private final Optional<Duration> answerWithin;

    FunctionCalls(MeterRegistry registry, Instance<CallHolds> holds, Instance<CallArrivals> arrivals,
            EsFunctionsConfig config, Tracing tracing) {
        this.registry = registry;
        this.holds = holds;
        this.arrivals = arrivals;
        this.tracing = tracing;
        this.answerWithin = config.platform().invocationTimeout()
                .map(timeout -> timeout.minus(config.platform().answerTime()));
    }

    @AroundInvoke
    Object measure(InvocationContext invocation) throws Exception {
        if (!invocation.getMethod().isAnnotationPresent(Funq.class)) {
            return invocation.proceed();
        }
        String function = invocation.getMethod().getName();
        // A batch's operations keep the batch's id. The function assembles its pipeline here, with the id and the
        // platform's deadline in place: every callback of that pipeline runs with them, on whichever thread
        // (CallContext).
        // Its span, where tracing is on, is current there too, and so carried the same way.
        List<CallHolds.Held> held = holds.stream().map(CallHolds::callStarted).toList();
        Runnable ended = () -> held.forEach(hold -> hold.end().run());
        // A call within a call (a batch's operation, a copy job's copy) starts now: the time it is given is what its
        // caller had left then. The caller's platform deadline stays in place (CallDeadline keeps the earlier one).
        boolean withinACall = RequestIds.current() != null;
        long startNanos = withinACall ? System.nanoTime() : arrived();
        Tracing.FunctionSpan span = tracing.started(function, invocation.getParameters(), withinACall);
        Uni<?> call;
        ThreadContextController traced = span.current();
        try {
            call = RequestIds.with(RequestIds.currentOrNew(), () -> CallStart.at(startNanos,
                    () -> CallMemory.holding(held.stream().mapToLong(CallHolds.Held::bytes).sum(),
                            () -> withinPlatformLimit(startNanos, () -> proceed(invocation)))));
        } catch (RuntimeException e) {
            ended.run();
            span.ended(null, Failures.map(e), false);
            throw e;
        } finally {
            traced.endContext();
        }
        Timer.Sample sample = Timer.start(registry);
        Uni<?> answered = call.onTermination().invoke(ended)
                .onFailure().transform(Failures::map);
        // A stage costs every call a context snapshot and its restoring: none for a span where tracing is off.
        if (span != Tracing.FunctionSpan.NONE) {
            answered = answered.onTermination().invoke(span::ended);
        }
        return answered.onItemOrFailure().invoke((item, failure) -> sample.stop(Timer.builder("esfunctions.function.requests")
                        .description("Function calls and their latency, by function, outcome and error type")
                        .tag("function", function)
                        .tag("outcome", failure == null ? "success" : "error")
                        .tag("error.type", failure == null ? "none" : ((FunctionException) failure).type())
                        .register(registry)));
    }

    /** Where the surface received the call, or now where it cannot say (Lambda: Funqy binds the event first). */
    private long arrived() {
        for (CallArrivals surface : arrivals) {
            OptionalLong arrived = surface.arrivedNanos();
            if (arrived.isPresent()) {
                return arrived.getAsLong();
            }
        }
        return System.nanoTime();
    }

    /** The call assembled with its platform deadline in place, for every request it sends ({@link CallDeadline}). */
    private <T> T withinPlatformLimit(long startNanos, Supplier<T> assembly) {
        return answerWithin.isEmpty() ? assembly.get()
                : CallDeadline.within(startNanos + answerWithin.get().toNanos(), assembly);
    }

    private static Uni<?> proceed(InvocationContext invocation) {
        try {
            return (Uni<?>) invocation.proceed();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
