package dev.esfunctions.functions;

import java.util.ArrayList;
import java.util.List;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.elasticsearch.BulkOperation;
import dev.esfunctions.elasticsearch.BulkOptions;
import dev.esfunctions.elasticsearch.BulkPipeline;
import dev.esfunctions.elasticsearch.IndexNames;
import dev.esfunctions.elasticsearch.Timing;
import dev.esfunctions.model.DeleteRequest;
import dev.esfunctions.model.DeleteResult;
import dev.esfunctions.model.DocumentError;
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
            List<String> ids = Require.nonEmpty("ids", request.ids(), "document ids");
            Require.atMost("ids", ids.size(), config.limits().maxDocuments(), "es-functions.limits.max-documents");
            List<BulkOperation> operations = new ArrayList<>(ids.size());
            List<DocumentError> rejected = new ArrayList<>();
            for (String id : ids) {
                if (id == null || id.isBlank()) {
                    rejected.add(new DocumentError(id, 400, "missing_id", "ids must be non-empty strings or numbers"));
                } else {
                    operations.add(BulkOperation.delete(id));
                }
            }
            return bulk.writeAndTally(index, operations, rejected, BulkOptions.of(config.bulk(), request.refresh()))
                    .map(tally -> new DeleteResult(Timing.millisSince(start), tally.total(), tally.count("deleted"),
                            tally.count("not_found"), tally.failed(), tally.errors()));
        });
    }
}
