package dev.esfunctions.functions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.ErrorResponse;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.BatchRequest;
import dev.esfunctions.model.BatchResult;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/** Several operations in one call, run concurrently: the {@code asyncio.gather} of the scripts this replaces. */
@Singleton
@Measured
public class BatchFunction {

    private final SearchFunction search;
    private final UpsertFunction upsert;
    private final DeleteFunction delete;
    private final ScanFunction scan;
    private final CopyFunction copy;
    private final Deadlines deadlines;
    private final EsFunctionsConfig config;

    BatchFunction(SearchFunction search, UpsertFunction upsert, DeleteFunction delete, ScanFunction scan,
            CopyFunction copy, Deadlines deadlines, EsFunctionsConfig config) {
        this.search = search;
        this.upsert = upsert;
        this.delete = delete;
        this.scan = scan;
        this.copy = copy;
        this.deadlines = deadlines;
        this.config = config;
    }

    @Funq
    public Uni<BatchResult> batch(BatchRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            Require.body(request, "batch", "{\"operations\": [{\"search\": {\"index\": \"products\"}}]}");
            List<BatchRequest.Operation> operations = Require.nonEmpty("operations", request.operations(),
                    "operations such as {\"search\": {...}}");
            Require.atMost("operations", operations.size(), config.batch().maxOperations(),
                    "es-functions.batch.max-operations");
            Require.notAbove("timeoutMs", request.timeoutMs(), config.limits().maxRequestTime().toMillis(),
                    "es-functions.limits.max-request-time");
            Require.atLeast("timeoutMs", request.timeoutMs(), 1, 1);
            long deadline = deadlines.deadline(start, request.timeoutMs(), config.batch().timeout());
            List<Uni<BatchResult.Item>> items = new ArrayList<>(operations.size());
            for (int i = 0; i < operations.size(); i++) {
                items.add(run(i, operations.get(i), deadline, request.deadLetterIndex()));
            }
            return Uni.join().all(items).usingConcurrencyOf(config.batch().concurrency()).andFailFast()
                    .map(results -> new BatchResult(Timing.millisSince(start), results));
        });
    }

    /**
     * One operation's result, or its own error: one failing operation does not fail the others. It starts when the
     * batch's concurrency allows; by then past the batch's deadline, it is not attempted, and otherwise it gets no
     * more time than is left. An upsert or copy that names no dead-letter index takes the batch's.
     */
    private Uni<BatchResult.Item> run(int position, BatchRequest.Operation operation, long deadline,
            String deadLetterIndex) {
        return Uni.createFrom().deferred(() -> {
            long given = Stream.of(operation.search(), operation.upsert(), operation.delete(), operation.scan(),
                    operation.copy()).filter(Objects::nonNull).count();
            if (given != 1) {
                throw FunctionException.invalidField("operations[" + position + "]",
                        "must name exactly one function: search, upsert, delete, scan or copy");
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left < 1) {
                throw new FunctionException(408, "not_attempted", "operations[" + position + "] did not start before "
                        + "the batch's deadline (timeoutMs): send it again");
            }
            if (operation.search() != null) {
                return search.search(operation.search()).map(r -> new BatchResult.Item(r, null, null, null, null, null));
            }
            if (operation.upsert() != null) {
                var capped = operation.upsert().withTimeoutMs(
                        within(operation.upsert().timeoutMs(), config.bulk().timeout(), left))
                        .withDefaultDeadLetterIndex(deadLetterIndex);
                return upsert.upsert(capped).map(r -> new BatchResult.Item(null, r, null, null, null, null));
            }
            if (operation.delete() != null) {
                var capped = operation.delete().withTimeoutMs(
                        within(operation.delete().timeoutMs(), config.bulk().timeout(), left));
                return delete.delete(capped).map(r -> new BatchResult.Item(null, null, r, null, null, null));
            }
            if (operation.scan() != null) {
                return scan.scan(operation.scan()).map(r -> new BatchResult.Item(null, null, null, r, null, null));
            }
            var capped = operation.copy().withMaxDurationMs(
                    within(operation.copy().maxDurationMs(), config.copy().maxDuration(), left))
                    .withDefaultDeadLetterIndex(deadLetterIndex);
            return copy.copy(capped).map(r -> new BatchResult.Item(null, null, null, null, r, null));
        }).onFailure().recoverWithItem(failure -> new BatchResult.Item(null, null, null, null, null, error(failure)));
    }

    /** The operation's own time (or the default), but no more than the batch has left. */
    private static long within(Long own, Duration defaultTime, long left) {
        return Math.min(own != null ? own : defaultTime.toMillis(), left);
    }

    private static ErrorResponse.Detail error(Throwable failure) {
        return Failures.map(failure).toResponse().error();
    }
}
