package dev.esfunctions.functions;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.BulkPipeline;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.deletebyquery.DeleteByQueryPipeline;
import dev.esfunctions.deletebyquery.DeletedByQuery;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.Concurrency;
import dev.esfunctions.model.DeleteRequest;
import dev.esfunctions.model.DeleteResult;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPosition;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Singleton
@Measured
public class DeleteFunction {

    private final BulkPipeline bulk;
    private final DeleteByQueryPipeline byQuery;
    private final BulkCalls calls;
    private final ScanStarts starts;
    private final IndexPolicy indices;
    private final EsFunctionsConfig config;

    DeleteFunction(BulkPipeline bulk, DeleteByQueryPipeline byQuery, BulkCalls calls, ScanStarts starts,
            IndexPolicy indices, EsFunctionsConfig config) {
        this.bulk = bulk;
        this.byQuery = byQuery;
        this.calls = calls;
        this.starts = starts;
        this.indices = indices;
        this.config = config;
    }

    @Funq
    public Uni<DeleteResult> delete(DeleteRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            Require.body(request, "delete", "{\"index\": \"products\", \"ids\": [\"1\", \"2\"]}");
            String index = indices.writable("index", request.index());
            var options = calls.options(start, request.refresh(), null, request.batchSize(), request.batchBytes(),
                    request.concurrency(), request.adaptiveConcurrency(), request.timeoutMs());
            if (request.query() != null) {
                if (request.ids() != null) {
                    throw FunctionException.invalidRequest("give either 'ids' or 'query', not both");
                }
                JsonNode query = requireDeliberate(request.query(), request.allowMatchAll(), index);
                ScanPosition from = starts.deleting(index, query, request.slice(), request.cursor());
                Uni<Void> queryReads = indices.confirmQueryReadable("query", from.query());
                return indices.confirmWritable("index", index).call(() -> queryReads)
                        .flatMap(ignored -> byQuery.delete(from, indices::mayWrite, options))
                        .map(deleted -> answer(deleted, start));
            }
            if (request.slice() != null) {
                throw FunctionException.invalidField("slice", "splits a delete by query: give it with a 'query', "
                        + "not with 'ids'");
            }
            if (request.cursor() != null) {
                throw FunctionException.invalidField("cursor", "continues a delete by query: give it with the "
                        + "'query' that answered it, not with 'ids'");
            }
            Require.nonEmpty("ids", request.ids(), "document ids (or give a 'query')");
            Require.atMost("ids", request.ids().size(), config.limits().maxDocuments(),
                    "es-functions.limits.max-documents");
            return indices.confirmWritable("index", index)
                    .flatMap(ignored -> bulk.run(index, options, request.ids().size(),
                            run -> run.tally(Multi.createFrom().iterable(BulkDocuments.deletes(request.ids())))))
                    .map(tally -> result(tally.requireSomethingLanded(), start));
        });
    }

    /** Every id once: {@code deleted + notFound + failed == total}. */
    private static DeleteResult result(BulkTally tally, long start) {
        return new DeleteResult(Timing.millisSince(start), tally.total(), tally.count("deleted"),
                tally.count("not_found"), 0, tally.failed(), tally.retries(), tally.batches(),
                Timing.concurrency(tally), tally.errors(), tally.errorsTruncated(), null);
    }

    /** What the delete by query did, or the failure that stopped it, with what it did before ({@code partial}). */
    private DeleteResult answer(DeletedByQuery deleted, long start) {
        DeleteResult result = new DeleteResult(Timing.millisSince(start), deleted.total(), deleted.deleted(),
                deleted.notFound(), deleted.conflicts(), deleted.failed(), deleted.retries(), deleted.batches(),
                deleted.lowestConcurrency() == 0 ? null
                        : new Concurrency(deleted.lowestConcurrency(), deleted.finalConcurrency()),
                deleted.errors(), deleted.errorsTruncated(), starts.cursor(deleted.next()));
        if (deleted.interruption() != null) {
            throw deleted.interruption().withPartial(result);
        }
        return result;
    }

    /** Deleting everything must be asked for in so many words. */
    private static JsonNode requireDeliberate(JsonNode query, Boolean allowMatchAll, String index) {
        Require.kind("query", query, JsonNode::isObject, "an object in the query DSL");
        boolean matchesAll = query.isEmpty() || query.size() == 1 && query.has("match_all");
        if (matchesAll && !Boolean.TRUE.equals(allowMatchAll)) {
            throw FunctionException.invalidField("query", "matches every document of '" + index
                    + "': to delete them all, say so with \"allowMatchAll\": true");
        }
        return query.isEmpty() ? JsonNodeFactory.instance.objectNode().set("match_all", JsonNodeFactory.instance.objectNode()) : query;
    }
}
