package dev.esfunctions.deletebyquery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Request;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.cluster.Endpoints;
import dev.esfunctions.cluster.ShardFailures;
import dev.esfunctions.copy.CopyPipeline;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.Refresh;
import dev.esfunctions.scan.ScanPosition;
import io.smallrye.mutiny.Uni;

/**
 * Deletes the documents matching a query, within the call's deadline. Where the cluster has {@code _delete_by_query}
 * (the reindex module) it runs as a task, which is cancelled at the deadline and counted as it stood; otherwise the
 * matching ids are scanned and deleted in bulk, page by page, stopping at a page boundary with a cursor that
 * continues. Both answer the same counts. Which one the cluster supports is learnt on the first call.
 */
@ApplicationScoped
public class DeleteByQueryPipeline {

    private static final Logger LOG = Logger.getLogger(DeleteByQueryPipeline.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);
    /** About 1.5 s of backoff: a node's restart or a dropped connection, not an outage, which the call reports. */
    private static final int TASK_REQUEST_RETRIES = 5;
    private static final Pattern UNROUTED_BY_7X = Pattern.compile(
            "^request \\[[^\\]]*/_delete_by_query\\] contains unrecognized parameters?: \\[conflicts\\]");

    private final ElasticsearchGateway gateway;
    private final CopyPipeline copy;
    private volatile boolean clusterHasDeleteByQuery = true;

    DeleteByQueryPipeline(ElasticsearchGateway gateway, CopyPipeline copy) {
        this.gateway = gateway;
        this.copy = copy;
    }

    /**
     * Deletes what {@code start}'s query matches in its index, from {@code start} on (a position with a
     * point-in-time continues a scan-and-delete that stopped); no new work starts after the options' deadline. A
     * scanned document of an index {@code mayDeleteFrom} refuses stops the delete before its page is deleted.
     */
    public Uni<DeletedByQuery> delete(ScanPosition start, Predicate<String> mayDeleteFrom, BulkOptions options) {
        if (!clusterHasDeleteByQuery || start.pitId() != null) {
            return scanAndDelete(start, mayDeleteFrom, options);
        }
        return viaEndpoint(start, options)
                .onFailure(DeleteByQueryPipeline::isMissingEndpoint).recoverWithUni(missing -> {
                    LOG.infof("The cluster has no _delete_by_query (%s): deleting by scan and bulk instead",
                            ((ClusterFailure) missing).reason());
                    clusterHasDeleteByQuery = false;
                    return scanAndDelete(start, mayDeleteFrom, options);
                });
    }

    private Uni<DeletedByQuery> viaEndpoint(ScanPosition start, BulkOptions options) {
        Request request = new Request("POST", Endpoints.of(start.index(), "_delete_by_query"));
        request.addParameter("conflicts", "proceed");
        request.addParameter("wait_for_completion", "false");
        if (options.refresh() != Refresh.FALSE) {
            request.addParameter("refresh", "true");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().set("query", start.query());
        if (start.slice() != null) {
            // Manual slicing, as a scan's: the same slice of the same query, whichever way it is deleted.
            body.set("slice", start.slice().toJson());
        }
        request.setJsonEntity(body.toString());
        // The task's id is the only handle on what it deletes: its answer is read whatever the memory budget holds.
        return gateway.write(request, options.deadlineNanos())
                .flatMap(answer -> {
                    String task = answer.path("task").asText();
                    return completion(task, options, FIRST_POLL, false)
                            .onFailure(failure -> !(failure instanceof FunctionException))
                            .transform(failure -> lost(task, failure));
                })
                .map(task -> counted(start.index(), task, options.maxReportedErrors()));
    }

    /**
     * The task could not be followed to its end (its state could not be read, or it could not be cancelled): it may
     * still be deleting, and a second delete now would start a second task beside it.
     */
    private static FunctionException lost(String task, Throwable failure) {
        return new FunctionException(502, "delete_task_lost", "the _delete_by_query task " + task + " could not be "
                + "followed to its end (" + (failure instanceof ClusterFailure cluster ? cluster.reason()
                        : failure.toString()) + "): it may still be deleting. GET _tasks/" + task + " says what it did; "
                + "send the same delete again once it has completed");
    }

    /**
     * The task's final state: polled until it completes, and cancelled when the deadline passes first (a cancelled
     * task completes in moments, with the counts of what it did).
     */
    private Uni<JsonNode> completion(String task, BulkOptions options, Duration wait, boolean cancelled) {
        if (!cancelled && options.deadlinePassed()) {
            // A task that completed since the last poll cannot be cancelled (404): it is read as it ended.
            return followed(gateway.write(new Request("POST", "/_tasks/" + task + "/_cancel")))
                    .onFailure(DeleteByQueryPipeline::isNotRunning).recoverWithItem(NullNode.getInstance())
                    .flatMap(ignored -> completion(task, options, FIRST_POLL, true));
        }
        // The task deletes on whatever this instance holds: its state is read whatever the memory budget holds too.
        return followed(gateway.write(new Request("GET", "/_tasks/" + task)))
                .flatMap(status -> status.path("completed").asBoolean() ? Uni.createFrom().item(status)
                        : Uni.createFrom().voidItem().onItem().delayIt().by(wait).flatMap(ignored -> completion(task,
                                options, wait.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL
                                        : wait.multipliedBy(2), cancelled)));
    }

    /**
     * A poll or a cancel, sent again while the cluster fails it for a moment (both are harmless twice): losing the
     * task to one dropped connection would leave it deleting unseen.
     */
    private static Uni<JsonNode> followed(Uni<JsonNode> request) {
        return request.onFailure(failure -> failure instanceof ClusterFailure cluster && cluster.isTransient())
                .retry().withBackOff(FIRST_POLL, LONGEST_POLL).atMost(TASK_REQUEST_RETRIES);
    }

    /**
     * Every matching document once: deleted, in conflict (changed meanwhile, left alone), failed, or not reached
     * because the task stopped: cancelled at the deadline, or aborted by a failure. A task cancelled mid-way may end
     * with the error of the search it interrupted rather than an answer: its status then holds the counts. A task
     * stopped by shard failures read only part of the index: that fails the call, with what it did.
     */
    private static DeletedByQuery counted(String index, JsonNode task, int maxReportedErrors) {
        JsonNode response = task.path("response");
        JsonNode counts = response.isObject() ? response : task.path("task").path("status");
        boolean cancelled = counts.path("canceled").isTextual()
                || "task_cancelled_exception".equals(task.path("error").path("type").asText());
        List<DocumentError> errors = new ArrayList<>();
        List<JsonNode> shardFailures = new ArrayList<>();
        int documentFailures = 0;
        for (JsonNode failure : response.path("failures")) {
            if (failure.has("shard")) {
                shardFailures.add(failure);
                continue;
            }
            documentFailures++;
            JsonNode cause = failure.path("cause");
            if (errors.size() < maxReportedErrors) {
                errors.add(new DocumentError(failure.path("id").asText(null), failure.path("status").asInt(500),
                        cause.path("type").asText("delete_failed"), cause.path("reason").asText("")));
            }
        }
        int total = counts.path("total").asInt();
        int deleted = counts.path("deleted").asInt();
        int conflicts = counts.path("version_conflicts").asInt();
        int notReached = Math.max(0, total - deleted - conflicts - documentFailures);
        if (notReached > 0 && errors.size() < maxReportedErrors) {
            errors.add(cancelled || counts.path("timed_out").asBoolean()
                    ? new DocumentError(null, 408, "not_attempted", notReached + " of the " + total + " matching "
                            + "documents were not deleted before the deadline (timeoutMs): send the same delete again")
                    : new DocumentError(null, 502, "delete_stopped", notReached + " of the " + total + " matching "
                            + "documents were not deleted: the delete stopped at the failures listed; fix them and "
                            + "send the same delete again"));
        }
        if (cancelled && total == 0 && counts.path("batches").asInt() == 0) {
            // Cancelled before its first search answered: the task never learnt how many documents match.
            return withInterruption(new DeletedByQuery(0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), false, null, null),
                    new FunctionException(408, "not_attempted", "the delete of '" + index + "' was cancelled (at its "
                            + "deadline, timeoutMs, unless someone else cancelled its task) before it had counted the "
                            + "matching documents, and deleted none: send the same delete again, with more time"));
        }
        int failed = documentFailures + notReached;
        JsonNode retries = counts.path("retries");
        DeletedByQuery deletions = new DeletedByQuery(total, deleted, 0, conflicts, failed,
                retries.path("bulk").asInt() + retries.path("search").asInt(), counts.path("batches").asInt(), 0, 0,
                errors, errors.size() < failed, null, null);
        if (!shardFailures.isEmpty()) {
            JsonNode failures = JsonNodeFactory.instance.arrayNode().addAll(shardFailures);
            return withInterruption(deletions, new FunctionException(502, "shard_failures", "deleting from '" + index
                    + "': the query failed on " + shardFailures.size() + " shard(s) (" + ShardFailures.describe(failures)
                    + "); what was deleted before is counted in 'partial': fix the query and send the delete again"));
        }
        if (!response.isObject() && !cancelled) {
            JsonNode error = task.path("error");
            String type = error.path("type").asText("delete_failed");
            // A task's error has no status; an index that does not exist is the caller's to fix, as a search's is.
            int status = "index_not_found_exception".equals(type) ? 404 : 502;
            return withInterruption(deletions, new FunctionException(status, type,
                    "the _delete_by_query task of '" + index + "' failed: " + error.path("reason").asText(
                            "no reason given") + "; what was deleted before is counted in 'partial'"));
        }
        return deletions;
    }

    private Uni<DeletedByQuery> scanAndDelete(ScanPosition start, Predicate<String> mayDeleteFrom,
            BulkOptions options) {
        // A page that was read is deleted whole, whatever the time: the cursor must start after it.
        return copy.copy(start, start.index(), mayDeleteFrom,
                hit -> BulkOperation.delete(hit.index(), hit.id(), hit.routing()), options.withoutDeadline(),
                options.deadlineNanos())
                .map(outcome -> {
                    BulkTally tally = outcome.tally();
                    return new DeletedByQuery(tally.total(), tally.count("deleted"), tally.count("not_found"), 0,
                            tally.failed(), tally.retries(), tally.batches(), tally.lowestConcurrency(),
                            tally.finalConcurrency(), tally.errors(), tally.errorsTruncated(), outcome.next(),
                            outcome.interruption());
                });
    }

    private static DeletedByQuery withInterruption(DeletedByQuery d, FunctionException interruption) {
        return new DeletedByQuery(d.total(), d.deleted(), d.notFound(), d.conflicts(), d.failed(), d.retries(),
                d.batches(), d.lowestConcurrency(), d.finalConcurrency(), d.errors(), d.errorsTruncated(), d.next(),
                interruption);
    }

    private static boolean isNotRunning(Throwable failure) {
        return failure instanceof ClusterFailure e && e.kind() == ClusterFailure.Kind.ANSWERED && e.status() == 404;
    }

    /**
     * A distribution without the reindex module has no route for the endpoint (Elasticsearch 8 on, OpenSearch: "no
     * handler found"). Elasticsearch 7 routes it to indexing a document of type {@code _delete_by_query}, which
     * refuses the parameters only {@code _delete_by_query} takes before it does anything ("request
     * [/orders/_delete_by_query] contains unrecognized parameters: [conflicts], [wait_for_completion]"); those are
     * sent with every delete, so that a 7.x that has the module never answers this.
     */
    private static boolean isMissingEndpoint(Throwable failure) {
        return failure instanceof ClusterFailure e && e.kind() == ClusterFailure.Kind.ANSWERED
                && ((e.status() == 400 || e.status() == 404 || e.status() == 405)
                        && (e.reason().contains("no handler found") || e.reason().contains("Incorrect HTTP method"))
                        || e.status() == 400 && "illegal_argument_exception".equals(e.type())
                                && UNROUTED_BY_7X.matcher(e.reason()).find());
    }
}
