package dev.esfunctions.cluster;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * An asynchronous semaphore: {@link #run} starts its work when one of {@code limit} permits is free, never blocking
 * a thread, serves waiters in order, and gives the permit back when the work ends by success, failure or
 * cancellation. A waiter that is cancelled leaves the queue. The limit may change while permits are out; a lower
 * limit takes effect as permits come back.
 */
public final class Permits {

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int limit;
    private int inUse;

    public Permits(int limit) {
        this.limit = requirePositive(limit);
    }

    /** The work {@code work} supplies, subscribed to once a permit is free. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return run(work, Long.MAX_VALUE, null);
    }

    /**
     * The same, but when no permit is free by {@code startBeforeNanos} (a {@link System#nanoTime()};
     * {@link Long#MAX_VALUE}: no limit), the work never starts and the Uni fails with what {@code tooLate} supplies.
     */
    public <T> Uni<T> run(Supplier<Uni<T>> work, long startBeforeNanos, Supplier<? extends Throwable> tooLate) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    release();
                }
            };
            // Set when the subscriber is gone (or served): work not yet started must not start.
            AtomicBoolean ended = new AtomicBoolean();
            AtomicReference<Cancellable> running = new AtomicReference<>();
            AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
            AtomicBoolean started = new AtomicBoolean();
            Runnable start = () -> {
                started.set(true);
                cancel(timer);
                if (ended.get()) {
                    release.run();
                    return;
                }
                running.set(work.get().onTermination().invoke(release).subscribe().with(emitter::complete,
                        emitter::fail));
                if (ended.get()) {
                    running.get().cancel();
                }
            };
            // One callback: an emitter keeps only the last one given.
            emitter.onTermination(() -> {
                ended.set(true);
                cancel(timer);
                if (!dequeue(start)) {
                    Cancellable subscription = running.get();
                    if (subscription != null) {
                        subscription.cancel();
                    }
                }
            });
            if (enqueueOrTake(start)) {
                start.run();
            } else if (tooLate != null && startBeforeNanos != Long.MAX_VALUE) {
                timer.set(Infrastructure.getDefaultWorkerPool().schedule(() -> {
                    if (dequeue(start)) {
                        emitter.fail(tooLate.get());
                    }
                }, Math.max(0, startBeforeNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
                if (started.get()) {
                    cancel(timer);
                }
            }
        });
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> timer) {
        ScheduledFuture<?> waitLimit = timer.getAndSet(null);
        if (waitLimit != null) {
            waitLimit.cancel(false);
        }
    }

    public synchronized int limit() {
        return limit;
    }

    public synchronized int inUse() {
        return inUse;
    }

    public void setLimit(int newLimit) {
        Runnable next;
        synchronized (this) {
            limit = requirePositive(newLimit);
            next = nextWaiter();
        }
        while (next != null) {
            next.run();
            synchronized (this) {
                next = nextWaiter();
            }
        }
    }

    private synchronized boolean enqueueOrTake(Runnable start) {
        if (inUse < limit && waiting.isEmpty()) {
            inUse++;
            return true;
        }
        waiting.add(start);
        return false;
    }

    private synchronized boolean dequeue(Runnable start) {
        return waiting.remove(start);
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            inUse--;
            next = nextWaiter();
        }
        if (next != null) {
            next.run();
        }
    }

    /** Takes a permit for the first waiter, if there is one and a permit is free. Called holding the lock. */
    private Runnable nextWaiter() {
        if (inUse < limit && !waiting.isEmpty()) {
            inUse++;
            return waiting.poll();
        }
        return null;
    }

    private static int requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a limit of permits must be at least 1, not " + limit);
        }
        return limit;
    }
}
