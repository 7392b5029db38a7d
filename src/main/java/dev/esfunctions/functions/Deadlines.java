package dev.esfunctions.functions;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.EsFunctionsConfig;

/**
 * When a call must be done: the time it asks for (or the configured default), but never later than the platform
 * allows ({@code es-functions.platform.invocation-timeout} less its margin), both counted from the call's start
 * ({@link dev.esfunctions.observability.CallStart}: where its surface received it, before its body was read), so that
 * it always answers, with what it did not attempt, before the platform ends it.
 */
@ApplicationScoped
class Deadlines {

    private final EsFunctionsConfig.Platform platform;

    Deadlines(EsFunctionsConfig config) {
        this.platform = config.platform();
    }

    /** A {@link System#nanoTime()}: {@code startNanos} plus {@code millis} (or {@code defaultTime}), within the platform. */
    long deadline(long startNanos, Long millis, Duration defaultTime) {
        long asked = startNanos + (millis != null ? Duration.ofMillis(millis) : defaultTime).toNanos();
        return platform.invocationTimeout()
                .map(timeout -> Math.min(asked, startNanos + timeout.minus(platform.margin()).toNanos()))
                .orElse(asked);
    }
}
