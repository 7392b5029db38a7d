package dev.esfunctions.functions;

import jakarta.inject.Singleton;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.BulkPipeline;
import dev.esfunctions.bulk.DeadLetters;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.UpsertRequest;
import dev.esfunctions.model.UpsertResult;
import dev.esfunctions.model.WriteMode;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Singleton
@Measured
public class UpsertFunction {

    private final BulkPipeline bulk;
    private final BulkCalls calls;
    private final IndexPolicy indices;
    private final DeadLetterIndexes deadLetterIndexes;
    private final EsFunctionsConfig config;

    UpsertFunction(BulkPipeline bulk, BulkCalls calls, IndexPolicy indices, DeadLetterIndexes deadLetterIndexes,
            EsFunctionsConfig config) {
        this.bulk = bulk;
        this.calls = calls;
        this.indices = indices;
        this.deadLetterIndexes = deadLetterIndexes;
        this.config = config;
    }

    @Funq
    public Uni<UpsertResult> upsert(UpsertRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            Require.body(request, "upsert", "{\"index\": \"products\", \"docs\": [{\"_id\": \"1\", \"name\": \"x\"}]}");
            String index = indices.writable("index", request.index());
            Require.nonEmpty("docs", request.docs(), "documents, each with an _id");
            Require.atMost("docs", request.docs().size(), config.limits().maxDocuments(),
                    "es-functions.limits.max-documents");
            DeadLetters deadLetters = deadLetterIndexes.of(request.deadLetterIndex(), "upsert", index);
            var options = calls.options(start, request.refresh(), request.pipeline(), request.batchSize(),
                    request.batchBytes(), request.concurrency(), request.adaptiveConcurrency(), request.timeoutMs())
                    .withDeadLetters(deadLetters);
            WriteMode mode = request.mode() == null ? WriteMode.MERGE : request.mode();
            if (request.pipeline() != null && mode == WriteMode.MERGE) {
                // The cluster would accept it and run no pipeline: partial updates skip ingest pipelines.
                throw FunctionException.invalidField("pipeline", "applies to the modes replace and create only: "
                        + "Elasticsearch runs no ingest pipeline for a partial update (mode merge, the default)");
            }
            var items = BulkDocuments.split(request.docs(), mode);
            return indices.confirmWritable("index", index)
                    .call(() -> deadLetterIndexes.confirm(request.deadLetterIndex(), deadLetters))
                    .flatMap(ignored -> bulk.run(index, options, items.size(),
                            run -> run.tally(Multi.createFrom().iterable(items))))
                    .map(tally -> tally.requireSomethingLanded())
                    .map(tally -> new UpsertResult(Timing.millisSince(start), tally.total(), tally.succeeded(),
                            tally.failed(), tally.count("created"), tally.count("updated"), tally.count("noop"),
                            tally.retries(), tally.batches(), Timing.concurrency(tally), tally.errors(),
                            tally.errorsTruncated(), deadLetters == null ? null : tally.deadLettered(),
                            deadLetters == null ? null : tally.deadLetterFailed(),
                            deadLetters == null ? null : tally.deadLetterErrors()));
        });
    }
}
