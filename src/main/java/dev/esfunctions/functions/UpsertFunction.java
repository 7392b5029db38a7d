package dev.esfunctions.functions;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.elasticsearch.BulkOperation;
import dev.esfunctions.elasticsearch.BulkOptions;
import dev.esfunctions.elasticsearch.BulkPipeline;
import dev.esfunctions.elasticsearch.IndexNames;
import dev.esfunctions.elasticsearch.Timing;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.UpsertRequest;
import dev.esfunctions.model.UpsertResult;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

public class UpsertFunction {

    private final BulkPipeline bulk;
    private final EsFunctionsConfig config;

    UpsertFunction(BulkPipeline bulk, EsFunctionsConfig config) {
        this.bulk = bulk;
        this.config = config;
    }

    @Funq
    public Uni<UpsertResult> upsert(UpsertRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Require.body(request, "upsert", "{\"index\": \"products\", \"docs\": [{\"_id\": \"1\", \"name\": \"x\"}]}");
            String index = IndexNames.requireConcrete("index", request.index());
            List<JsonNode> docs = Require.nonEmpty("docs", request.docs(), "documents, each with an _id");
            Require.atMost("docs", docs.size(), config.limits().maxDocuments(), "es-functions.limits.max-documents");
            List<BulkOperation> operations = new ArrayList<>(docs.size());
            List<DocumentError> rejected = new ArrayList<>();
            for (JsonNode doc : docs) {
                String id = doc instanceof ObjectNode object ? DocumentIds.take(object) : null;
                if (id != null) {
                    operations.add(BulkOperation.upsert(id, (ObjectNode) doc));
                } else {
                    rejected.add(new DocumentError(doc.isObject() ? DocumentIds.describe(doc.get("_id")) : null, 400,
                            "missing_id", doc.isObject()
                                    ? "the document has no usable _id: give it an \"_id\" that is a non-empty string or a number"
                                    : "each entry of 'docs' must be a JSON object with an \"_id\", not " + doc.getNodeType()));
                }
            }
            return bulk.writeAndTally(index, operations, rejected, BulkOptions.of(config.bulk(), request.refresh()))
                    .map(tally -> new UpsertResult(Timing.millisSince(start), tally.total(), tally.succeeded(),
                            tally.failed(), tally.count("created"), tally.count("updated"), tally.count("noop"),
                            tally.errors()));
        });
    }
}
