package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.esfunctions.errors.FunctionException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

class MemoryBudgetTest {

    private final MemoryBudget budget = new MemoryBudget(100, Duration.ofSeconds(3), "es-functions.memory.budget");

    @Test
    void whatDoesNotFitNowIsRefusedForNowWithWhenToComeBack() {
        MemoryBudget.Reservation held = budget.reserve(70, "a first call");
        FunctionException refused = assertThrows(FunctionException.class, () -> budget.reserve(40, "a second call"));
        assertEquals(503, refused.status());
        assertEquals("overloaded", refused.type());
        assertEquals(3L, refused.retryAfterSeconds());
        assertTrue(refused.reason().contains("es-functions.memory.budget"), refused.reason());
        assertTrue(refused.reason().contains("a second call"), refused.reason());
        assertEquals(70, budget.held(), "a refusal holds nothing");
        held.close();
        held.close();
        assertEquals(0, budget.held(), "given back once, however often closed");
        budget.reserve(100, "the whole budget").close();
    }

    @Test
    void theDefaultBudgetIsTheHeapsShareButNeverWhatTheApplicationNeedsItself() {
        long mb = 1024 * 1024;
        assertEquals((long) (256 * mb * 0.6), MemoryBudget.defaultCapacity(256 * mb, 0.6));
        assertEquals(12 * mb, MemoryBudget.defaultCapacity(32 * mb, 0.6), "20 MB of 32 left to the application");
        assertEquals(20 * mb, MemoryBudget.defaultCapacity(40 * mb, 0.6));
        assertEquals(mb, MemoryBudget.defaultCapacity(16 * mb, 0.6), "a heap too small for anything: 1 MB");
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.defaultCapacity(256 * mb, 1.5));
    }

    @Test
    void whatCouldNeverFitIsTooLargeNotBusy() {
        FunctionException refused = assertThrows(FunctionException.class, () -> budget.reserve(101, "a huge call"));
        assertEquals(413, refused.status());
        assertEquals("call_too_large", refused.type());
        assertEquals(null, refused.retryAfterSeconds(), "waiting would not help");
    }

    @Test
    void whatCouldNeverFitBesideWhatItsCallHoldsIsTooLargeNotBusy() {
        try (MemoryBudget.Reservation body = budget.reserve(60, "a request body")) {
            FunctionException refused = assertThrows(FunctionException.class,
                    () -> CallMemory.holding(60, () -> budget.reserve(50, "its documents")));
            assertEquals(413, refused.status(), "nothing else is in progress: coming back would not help");
            assertTrue(refused.reason().contains("its call's body holds"), refused.reason());
            assertEquals(60, budget.held(), "a refusal holds nothing");
            CallMemory.holding(60, () -> budget.reserve(40, "fewer documents")).close();
            assertEquals(503, assertThrows(FunctionException.class,
                    () -> budget.reserve(50, "another call's documents")).status(),
                    "what does not fit now, outside the call, is refused for now");
        }
    }

    @Test
    void holdingGivesBackOnSuccessFailureAndCancellation() {
        UniAssertSubscriber<String> success = budget.holding(60, "work", () -> Uni.createFrom().item("done"))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        success.assertItem("done");
        assertEquals(0, budget.held());

        budget.holding(60, "work", () -> Uni.createFrom().<String> failure(new IllegalStateException("boom")))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(IllegalStateException.class);
        assertEquals(0, budget.held());

        UniAssertSubscriber<String> pending = budget.holding(60, "work", () -> Uni.createFrom().<String> nothing())
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertEquals(60, budget.held());
        pending.cancel();
        assertEquals(0, budget.held());
    }

    @Test
    void aRefusedCallNeverStartsItsWork() {
        MemoryBudget.Reservation held = budget.reserve(90, "a first call");
        AtomicBoolean started = new AtomicBoolean();
        budget.holding(20, "a second call", () -> {
            started.set(true);
            return Uni.createFrom().item("written");
        }).subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(FunctionException.class);
        assertFalse(started.get());
        held.close();
    }

    @Test
    void callsAtOnceNeverHoldMoreThanTheBudget() throws Exception {
        MemoryBudget shared = new MemoryBudget(1_000, Duration.ofSeconds(1), "es-functions.memory.budget");
        AtomicLong mostHeld = new AtomicLong();
        AtomicInteger refusals = new AtomicInteger();
        int threads = 8;
        int rounds = 2_000;
        // Each round, every thread holds what it got until all have tried: 8 of at least 150 bytes never fit in
        // 1,000, whatever the scheduler does.
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread contender = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    MemoryBudget.Reservation reservation = null;
                    try {
                        reservation = shared.reserve(150 + (thread * 13 + i) % 100, "a call");
                    } catch (FunctionException refused) {
                        refusals.incrementAndGet();
                    }
                    mostHeld.accumulateAndGet(shared.held(), Math::max);
                    try {
                        together.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                        return;
                    } finally {
                        if (reservation != null) {
                            reservation.close();
                        }
                    }
                }
            });
            contender.start();
            started.add(contender);
        }
        for (Thread contender : started) {
            contender.join();
        }
        assertTrue(mostHeld.get() <= 1_000, "held at most the budget, not " + mostHeld.get());
        assertEquals(0, shared.held());
        assertTrue(refusals.get() >= rounds, "each round, at least one of 8 threads of 150 bytes or more is refused");
    }
}
