package dev.esfunctions.functions;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.elasticsearch.BulkPipeline;
import dev.esfunctions.elasticsearch.IndexNames;
import dev.esfunctions.elasticsearch.Timing;
import dev.esfunctions.model.DeleteRequest;
import dev.esfunctions.model.DeleteResult;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

public class DeleteFunction {

    private final BulkPipeline bulk;
    private final EsFunctionsConfig config;

    DeleteFunction(BulkPipeline bulk, EsFunctionsConfig config) {
        this.bulk = bulk;
        this.config = config;
    }

    @Funq
    public Uni<DeleteResult> delete(DeleteRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Require.body(request, "delete", "{\"index\": \"products\", \"ids\": [\"1\", \"2\"]}");
            String index = IndexNames.requireConcrete("index", request.index());
            Require.nonEmpty("ids", request.ids(), "document ids");
            Require.atMost("ids", request.ids().size(), config.limits().maxDocuments(),
                    "es-functions.limits.max-documents");
            var options = BulkRequests.options(config, request.refresh(), null, request.batchSize(),
                    request.batchBytes(), request.concurrency(), request.timeoutMs());
            return bulk.writeAndTally(index, BulkDocuments.deletes(request.ids()), options)
                    .map(tally -> new DeleteResult(Timing.millisSince(start), tally.total(), tally.count("deleted"),
                            tally.count("not_found"), tally.failed(), tally.retries(), tally.batches(),
                            tally.errors(), tally.errorsTruncated()));
        });
    }
}
