package dev.esfunctions.bulk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esfunctions.bulk.BatchCutter.Batch;
import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.model.DocumentError;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The writes of one function call to one index: they share the options, number their {@code _bulk} requests from 1
 * across the run, and share its {@link AdaptiveConcurrency}, so that a copy writing its pages as they come still
 * keeps at most {@code concurrency} requests in flight. A batch waits for its turn without holding one; past the
 * deadline no batch starts. Writes of one document land in the order they came, as within one {@code _bulk}: a batch
 * that writes a document an earlier batch of the run still writes (in flight, or waiting to be sent again) starts
 * once that batch has settled.
 */
public final class BulkRun {

    private final BulkPipeline pipeline;
    private final String index;
    private final BulkOptions options;
    private final AdaptiveConcurrency concurrency;
    private final AtomicInteger batchNumbers;
    /** Names the run's dead letters (null: it writes none). */
    private final String runId;
    /** The documents of the batches not yet settled, each with the settling of the last batch that writes it. */
    private final Map<Document, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

    /** A document as the cluster knows it: its index (null: the run's) and its id. */
    private record Document(String index, String id) {
    }

    /** The run that writes this one's dead letters (null: none), and the creation of their index, asked once. */
    private final BulkRun deadLetterRun;
    private final Uni<Void> deadLetterIndex;

    BulkRun(BulkPipeline pipeline, String index, BulkOptions options) {
        this(pipeline, index, options, new AdaptiveConcurrency(options.concurrency(), options.adaptiveConcurrency()),
                new AtomicInteger());
    }

    /**
     * A run sharing {@code concurrency} and {@code batchNumbers} with the run it writes the dead letters of, so that
     * the requests of both together stay within the call's {@code concurrency} (and its memory) and are numbered
     * apart.
     */
    private BulkRun(BulkPipeline pipeline, String index, BulkOptions options, AdaptiveConcurrency concurrency,
            AtomicInteger batchNumbers) {
        this.pipeline = pipeline;
        this.index = index;
        this.options = options;
        this.concurrency = concurrency;
        this.batchNumbers = batchNumbers;
        DeadLetters deadLetters = options.deadLetters();
        this.runId = deadLetters == null ? null : UUID.randomUUID().toString();
        this.deadLetterRun = deadLetters == null ? null
                : new BulkRun(pipeline, deadLetters.index(), options.forDeadLetters(), concurrency, batchNumbers);
        this.deadLetterIndex = deadLetters == null ? null
                : pipeline.createDeadLetterIndex(deadLetters.index(), options.deadlineNanos()).memoize().indefinitely();
    }

    /** One outcome per item, in no particular order; refused items come out as failed outcomes. */
    public Multi<DocumentOutcome> write(Multi<? extends BulkItem> items) {
        return Multi.createFrom().deferred(() -> {
            BatchCutter cutter = new BatchCutter(options.batchSize(), options.batchBytes(), batchNumbers::incrementAndGet);
            return items.onItem().transformToIterable(item -> item instanceof BulkOperation operation
                    ? cutter.add(pipeline.encode(operation)).stream().map(this::send).toList()
                    : List.of(Uni.createFrom().item(List.of(DocumentOutcome.rejected(((BulkItem.Refused) item).error())))))
                    .onCompletion().switchTo(() -> Multi.createFrom().iterable(cutter.drain()).map(this::send));
        })
                .onItem().transformToUni(outcomes -> outcomes).merge(options.concurrency())
                .onItem().transformToIterable(outcomes -> outcomes);
    }

    /** {@link #write}, counted; the listeners see the tally. */
    public Uni<BulkTally> tally(Multi<? extends BulkItem> items) {
        return write(items)
                .collect().in(() -> new BulkTally(options.maxReportedErrors()), BulkTally::add)
                .map(tally -> tally.concurrency(concurrency.lowest(), concurrency.current()))
                .invoke(pipeline::afterTally);
    }

    /**
     * The batch, sent once every earlier batch that writes one of its documents has settled. Called in the order the
     * batches are cut, which is the order of their operations.
     */
    private Uni<List<DocumentOutcome>> send(Batch batch) {
        return deadLetterRun == null ? settle(batch).map(settled -> settled.stream().map(Settled::outcome).toList())
                : settle(batch).flatMap(this::deadLetters);
    }

    /**
     * The outcomes, the documents refused for good among them written to the dead-letter index first (a copy's
     * page is written when its dead letters are): the index created if missing, the letters cut into requests of the
     * dead-letter run. Each refused document keeps its error, with what became of its dead letter.
     */
    private Uni<List<DocumentOutcome>> deadLetters(List<Settled> settled) {
        DeadLetters deadLetters = options.deadLetters();
        Map<EncodedOperation, Integer> letters = new IdentityHashMap<>();
        List<DocumentOutcome> outcomes = new ArrayList<>(settled.size());
        BatchCutter cutter = new BatchCutter(options.batchSize(), options.batchBytes(), batchNumbers::incrementAndGet);
        List<Batch> batches = new ArrayList<>();
        Instant now = Instant.now();
        for (Settled one : settled) {
            DocumentOutcome outcome = one.outcome();
            EncodedOperation operation = one.operation();
            outcomes.add(outcome);
            if (!DeadLetters.forGood(outcome) || operation.source() == null) {
                continue;
            }
            BulkOperation write = operation.operation();
            EncodedOperation letter = deadLetters.letter(letterId(outcome, outcomes.size()),
                    write.index() != null ? write.index() : index, write.id(), write.action().bulkName,
                    write.routing(), operation.source(), outcome.error(), now);
            if (letter == null) {
                outcomes.set(outcomes.size() - 1, outcome.deadLettered(new DocumentOutcome.DeadLetter(
                        new DocumentError(outcome.id(), 400, "dead_letter_not_written", "the document is not a JSON "
                                + "object, so it cannot carry the dead letter's fields"))));
                continue;
            }
            letters.put(letter, outcomes.size() - 1);
            batches.addAll(cutter.add(letter));
        }
        if (letters.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        batches.addAll(cutter.drain());
        return deadLetterIndex
                .flatMap(created -> Multi.createFrom().iterable(batches)
                        .onItem().transformToUni(deadLetterRun::settle).merge(options.concurrency())
                        .collect().in(() -> outcomes, (all, written) -> written.forEach(letter -> {
                            int position = letters.get(letter.operation());
                            DocumentOutcome refused = all.get(position);
                            all.set(position, refused.deadLettered(deadLetter(deadLetters, refused, letter)));
                        })));
    }

    /**
     * The dead letter's {@code _id}: fixed before its first attempt, so that sending it again (the retry policy
     * does, for a dead letter is written by {@code index} and may land twice) leaves one letter; unique to the run
     * (not to the call: the operations of a batch call are runs of one request id, numbering their batches alike),
     * and within it to its batch and its place among the batch's outcomes.
     */
    private String letterId(DocumentOutcome outcome, int position) {
        return runId + ":" + outcome.batch() + ":" + position;
    }

    /** What became of the dead letter of {@code refused}: its failure is named by the refused document's id. */
    private static DocumentOutcome.DeadLetter deadLetter(DeadLetters deadLetters, DocumentOutcome refused,
            Settled letter) {
        DocumentError failure = letter.outcome().error();
        return new DocumentOutcome.DeadLetter(failure == null ? null : new DocumentError(refused.id(),
                failure.status(), failure.type(),
                "its dead letter was not written to '" + deadLetters.index() + "': " + failure.reason()));
    }

    /** The batch's operations, each with its final outcome. */
    private Uni<List<Settled>> settle(Batch batch) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        Set<CompletableFuture<Void>> earlier = new LinkedHashSet<>();
        List<Document> documents = new ArrayList<>(batch.operations().size());
        // One batch registers at a time: the pages of a copy are cut on several threads at once, and two batches
        // registering the same documents in turn could otherwise each wait for the other.
        synchronized (writing) {
            for (EncodedOperation operation : batch.operations()) {
                if (operation.id() != null) {
                    Document document = new Document(operation.index(), operation.id());
                    documents.add(document);
                    CompletableFuture<Void> before = writing.put(document, settled);
                    if (before != null && before != settled) {
                        earlier.add(before);
                    }
                }
            }
        }
        Uni<List<Settled>> sending = attempt(batch.number(),
                batch.operations().stream().map(Pending::first).toList(), 0);
        Uni<List<Settled>> inOrder = earlier.isEmpty() ? sending
                : Uni.createFrom().completionStage(CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new)))
                        .flatMap(ignored -> sending);
        // Settled however it ends. A batch that ended without its outcomes (cancelled, or failed with the run) ends
        // the batches waiting for it the same way, rather than letting them send after it.
        return inOrder.onTermination().invoke((outcomes, failure, cancelled) -> {
            documents.forEach(document -> writing.remove(document, settled));
            if (outcomes != null) {
                settled.complete(null);
            } else {
                settled.completeExceptionally(failure != null ? failure : new CancellationException());
            }
        });
    }

    /**
     * An operation on its way: the outcome of its last attempt (null before the first), and whether any attempt may
     * have been applied, which no later failure can undo: then, unless an attempt succeeds, its outcome is unknown.
     */
    private record Pending(EncodedOperation operation, DocumentOutcome last, boolean mayHaveLanded) {

        static Pending first(EncodedOperation operation) {
            return new Pending(operation, null, false);
        }

        Pending after(DocumentOutcome outcome) {
            ClusterFailure failure = outcome.requestFailure();
            return new Pending(operation, outcome, mayHaveLanded || failure != null && !failure.notApplied());
        }

        /** The final outcome of {@code outcome} after {@code attempts}: unknown if it failed and may have landed. */
        Settled settle(DocumentOutcome outcome, int attempts, boolean unknown) {
            return new Settled(operation, unknown || outcome.error() != null && mayHaveLanded
                    ? outcome.unknown(attempts) : outcome.afterAttempts(attempts));
        }
    }

    /** An operation and its final outcome. */
    private record Settled(EncodedOperation operation, DocumentOutcome outcome) {
    }

    /**
     * Attempt {@code retry} at sending {@code pending}, once the run may have one more request in flight. What gets
     * no turn, or no connection, before the deadline is never sent: its documents were not attempted, or keep what
     * their last attempt left.
     */
    private Uni<List<Settled>> attempt(int batch, List<Pending> pending, int retry) {
        if (options.deadlinePassed()) {
            return Uni.createFrom().item(unsent(pending, retry));
        }
        List<EncodedOperation> operations = pending.stream().map(Pending::operation).toList();
        return Uni.createFrom().deferred(() -> {
            long generation = concurrency.generation();
            return concurrency.run(() -> pipeline.attempt(index, batch, operations, options),
                    options.deadlineNanos(), NoTurnBeforeDeadline::new)
                    .invoke(outcomes -> concurrency.answered(generation,
                            outcomes.stream().anyMatch(DocumentOutcome::rejectedAsBusy)));
        })
                .flatMap(outcomes -> notSentBeforeDeadline(outcomes)
                        ? Uni.createFrom().item(unsent(pending, retry))
                        : settleOrRetry(batch, pending, outcomes, retry))
                .onFailure(NoTurnBeforeDeadline.class).recoverWithItem(() -> unsent(pending, retry));
    }

    /**
     * A request that no connection was free for (or that none could be opened for) by the deadline, or that the
     * platform's limit on the call left no time to send.
     */
    private boolean notSentBeforeDeadline(List<DocumentOutcome> outcomes) {
        ClusterFailure failure = outcomes.get(0).requestFailure();
        return failure != null && failure.kind() == ClusterFailure.Kind.NOT_SENT
                && (options.deadlinePassed() || !failure.isTransient());
    }

    private Uni<List<Settled>> settleOrRetry(int batch, List<Pending> pending, List<DocumentOutcome> outcomes,
            int retry) {
        boolean mayRetry = retry < options.retry().maxRetries() && !options.deadlinePassed();
        List<Settled> settled = new ArrayList<>(outcomes.size());
        List<Pending> again = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Pending next = pending.get(i).after(outcomes.get(i));
            switch (options.retry().decide(outcomes.get(i), next.operation().idempotent(), mayRetry)) {
                case SETTLE -> settled.add(next.settle(outcomes.get(i), retry + 1, false));
                case UNKNOWN -> settled.add(next.settle(outcomes.get(i), retry + 1, true));
                case RETRY -> again.add(next);
            }
        }
        if (again.isEmpty()) {
            return Uni.createFrom().item(settled);
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(options.retry().backoff(retry))
                .flatMap(ignored -> attempt(batch, again, retry + 1))
                .map(later -> {
                    settled.addAll(later);
                    return settled;
                });
    }

    /**
     * The outcomes of operations that got no turn before the deadline: not attempted, or, for a retry, what their
     * last attempt left, decided as final now that no retry may follow.
     */
    private List<Settled> unsent(List<Pending> pending, int retry) {
        return pending.stream().map(p -> p.last() == null
                ? new Settled(p.operation(), DocumentOutcome.notAttempted(p.operation().id()))
                : p.settle(p.last(), retry, options.retry().decide(p.last(), p.operation().idempotent(), false)
                        == RetryPolicy.Decision.UNKNOWN))
                .toList();
    }

    /** The run had no room for another request before the deadline. */
    private static final class NoTurnBeforeDeadline extends RuntimeException {
        NoTurnBeforeDeadline() {
            super(null, null, false, false);
        }
    }
}
