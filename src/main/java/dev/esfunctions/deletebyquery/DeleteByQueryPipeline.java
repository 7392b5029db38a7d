package dev.esfunctions.deletebyquery;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Request;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.BulkPipeline;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.Refresh;
import dev.esfunctions.scan.ScanPage;
import dev.esfunctions.scan.ScanPipeline;
import dev.esfunctions.scan.ScanPosition;
import io.smallrye.mutiny.Uni;

/**
 * Deletes the documents matching a query: with {@code _delete_by_query} where the cluster has it (the reindex
 * module), otherwise by scanning the matching ids and deleting them through the bulk pipeline. Both answer the same
 * counts. Which one the cluster supports is learnt on the first call.
 */
@ApplicationScoped
public class DeleteByQueryPipeline {

    private static final Logger LOG = Logger.getLogger(DeleteByQueryPipeline.class);

    private final ElasticsearchGateway gateway;
    private final ScanPipeline scan;
    private final BulkPipeline bulk;
    private final int pageSize;
    private volatile boolean clusterHasDeleteByQuery = true;

    DeleteByQueryPipeline(ElasticsearchGateway gateway, ScanPipeline scan, BulkPipeline bulk, EsFunctionsConfig config) {
        this.gateway = gateway;
        this.scan = scan;
        this.bulk = bulk;
        this.pageSize = config.scan().pageSize();
    }

    public Uni<DeletedByQuery> delete(String index, JsonNode query, BulkOptions options) {
        if (!clusterHasDeleteByQuery) {
            return scanAndDelete(index, query, options);
        }
        return viaEndpoint(index, query, options)
                .onFailure(DeleteByQueryPipeline::isMissingEndpoint).recoverWithUni(missing -> {
                    LOG.infof("The cluster has no _delete_by_query (%s): deleting by scan and bulk instead",
                            ((FunctionException) missing).reason());
                    clusterHasDeleteByQuery = false;
                    return scanAndDelete(index, query, options);
                });
    }

    private Uni<DeletedByQuery> viaEndpoint(String index, JsonNode query, BulkOptions options) {
        Request request = new Request("POST", "/" + index + "/_delete_by_query");
        request.addParameter("conflicts", "proceed");
        if (options.refresh() != Refresh.FALSE) {
            request.addParameter("refresh", "true");
        }
        request.setJsonEntity(JsonNodeFactory.instance.objectNode().set("query", query).toString());
        return gateway.perform(request).map(response -> {
            List<DocumentError> errors = new ArrayList<>();
            for (JsonNode failure : response.path("failures")) {
                JsonNode cause = failure.path("cause");
                if (errors.size() < options.maxReportedErrors()) {
                    errors.add(new DocumentError(failure.path("id").asText(null), failure.path("status").asInt(500),
                            cause.path("type").asText("delete_failed"), cause.path("reason").asText("")));
                }
            }
            int deleted = response.path("deleted").asInt();
            int notFound = response.path("version_conflicts").asInt();
            int failed = response.path("failures").size();
            JsonNode retries = response.path("retries");
            return new DeletedByQuery(deleted, notFound, failed,
                    retries.path("bulk").asInt() + retries.path("search").asInt(), response.path("batches").asInt(),
                    errors, errors.size() < failed);
        });
    }

    private Uni<DeletedByQuery> scanAndDelete(String index, JsonNode query, BulkOptions options) {
        var deletes = scan.pages(ScanPosition.start(index, query, null, BooleanNode.FALSE, pageSize), () -> true)
                .onItem().transformToIterable(ScanPage::hits)
                .map(hit -> BulkOperation.delete(hit.path("_id").asText(),
                        hit.hasNonNull("_routing") ? hit.get("_routing").asText() : null));
        return bulk.run(index, options).tally(deletes).map(tally -> DeletedByQuery.of(tally.requireSomethingLanded()));
    }

    /** A distribution without the reindex module has no route for the endpoint. */
    private static boolean isMissingEndpoint(Throwable failure) {
        return failure instanceof FunctionException e && (e.status() == 400 || e.status() == 404 || e.status() == 405)
                && (e.reason().contains("no handler found") || e.reason().contains("Incorrect HTTP method"));
    }
}
