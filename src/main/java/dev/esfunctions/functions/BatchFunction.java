package dev.esfunctions.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.BatchRequest;
import dev.esfunctions.model.BatchResult;
import dev.esfunctions.observability.Measured;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/** Several operations in one call, run concurrently: the {@code asyncio.gather} of the scripts this replaces. */
@Measured
public class BatchFunction {

    private final SearchFunction search;
    private final UpsertFunction upsert;
    private final DeleteFunction delete;
    private final ScanFunction scan;
    private final CopyFunction copy;
    private final EsFunctionsConfig config;

    BatchFunction(SearchFunction search, UpsertFunction upsert, DeleteFunction delete, ScanFunction scan,
            CopyFunction copy, EsFunctionsConfig config) {
        this.search = search;
        this.upsert = upsert;
        this.delete = delete;
        this.scan = scan;
        this.copy = copy;
        this.config = config;
    }

    @Funq
    public Uni<BatchResult> batch(BatchRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Require.body(request, "batch", "{\"operations\": [{\"search\": {\"index\": \"products\"}}]}");
            List<BatchRequest.Operation> operations = Require.nonEmpty("operations", request.operations(),
                    "operations such as {\"search\": {...}}");
            Require.atMost("operations", operations.size(), config.batch().maxOperations(),
                    "es-functions.batch.max-operations");
            List<Uni<BatchResult.Item>> items = new ArrayList<>(operations.size());
            for (int i = 0; i < operations.size(); i++) {
                items.add(run(i, operations.get(i)));
            }
            return Uni.join().all(items).usingConcurrencyOf(config.batch().concurrency()).andFailFast()
                    .map(results -> new BatchResult(Timing.millisSince(start), results));
        });
    }

    /** One operation's result, or its own error: one failing operation does not fail the others. */
    private Uni<BatchResult.Item> run(int position, BatchRequest.Operation operation) {
        return Uni.createFrom().deferred(() -> {
            long given = Stream.of(operation.search(), operation.upsert(), operation.delete(), operation.scan(),
                    operation.copy()).filter(Objects::nonNull).count();
            if (given != 1) {
                throw FunctionException.invalidField("operations[" + position + "]",
                        "must name exactly one function: search, upsert, delete, scan or copy");
            }
            if (operation.search() != null) {
                return search.search(operation.search()).map(r -> new BatchResult.Item(r, null, null, null, null, null));
            }
            if (operation.upsert() != null) {
                return upsert.upsert(operation.upsert()).map(r -> new BatchResult.Item(null, r, null, null, null, null));
            }
            if (operation.delete() != null) {
                return delete.delete(operation.delete()).map(r -> new BatchResult.Item(null, null, r, null, null, null));
            }
            if (operation.scan() != null) {
                return scan.scan(operation.scan()).map(r -> new BatchResult.Item(null, null, null, r, null, null));
            }
            return copy.copy(operation.copy()).map(r -> new BatchResult.Item(null, null, null, null, r, null));
        }).onFailure().recoverWithItem(failure -> new BatchResult.Item(null, null, null, null, null,
                Failures.map(failure).toResponse().error()));
    }
}
