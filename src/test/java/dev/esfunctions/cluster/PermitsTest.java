package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;

class PermitsTest {

    private final List<UniEmitter<? super String>> pending = new ArrayList<>();
    private final AtomicInteger started = new AtomicInteger();

    /** Work that starts (counted) and ends when the test completes its emitter. */
    private Uni<String> work() {
        return Uni.createFrom().emitter(emitter -> {
            started.incrementAndGet();
            pending.add(emitter);
        });
    }

    @Test
    void noMoreThanTheLimitRunsAndWaitersStartInOrderAsPermitsComeBack() {
        Permits permits = new Permits(2);
        List<UniAssertSubscriber<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(permits.run(this::work).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        assertEquals(2, started.get());
        assertEquals(2, permits.inUse());
        pending.get(0).complete("a");
        calls.get(0).assertItem("a");
        assertEquals(3, started.get(), "the first waiter took the permit that came back");
        pending.get(1).fail(new IllegalStateException("failed"));
        calls.get(1).assertFailedWith(IllegalStateException.class, "failed");
        assertEquals(4, started.get(), "a failure gives the permit back too");
        pending.get(2).complete("c");
        pending.get(3).complete("d");
        calls.get(3).assertItem("d");
        assertEquals(0, permits.inUse());
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndCancelledWorkGivesItsPermitBack() {
        Permits permits = new Permits(1);
        UniAssertSubscriber<String> running = permits.run(this::work).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> waiting = permits.run(this::work).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        waiting.cancel();
        running.cancel();
        assertEquals(1, started.get(), "the cancelled waiter never started");
        assertEquals(0, permits.inUse(), "the cancelled work gave its permit back");
        UniAssertSubscriber<String> next = permits.run(this::work).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, started.get());
        pending.get(1).complete("next");
        next.assertItem("next");
    }

    @Test
    void aLowerLimitTakesEffectAsPermitsComeBackAndAHigherOneStartsWaiters() {
        Permits permits = new Permits(3);
        for (int i = 0; i < 6; i++) {
            permits.run(this::work).subscribe().withSubscriber(UniAssertSubscriber.create());
        }
        assertEquals(3, started.get());
        permits.setLimit(1);
        pending.get(0).complete("a");
        pending.get(1).complete("b");
        assertEquals(3, started.get(), "two permits came back, but one is still out and the limit is 1");
        pending.get(2).complete("c");
        assertEquals(4, started.get());
        permits.setLimit(3);
        assertEquals(6, started.get());
        assertEquals(3, permits.inUse());
    }
}
