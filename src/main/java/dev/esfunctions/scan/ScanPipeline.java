package dev.esfunctions.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Request;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.cluster.ClusterIdentity;
import dev.esfunctions.cluster.Distribution;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.cluster.Endpoints;
import dev.esfunctions.cluster.Server;
import dev.esfunctions.cluster.ShardFailures;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.SearchResult;
import dev.esfunctions.search.Hit;
import dev.esfunctions.search.PartialAnswers;
import dev.esfunctions.search.SearchAnswer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Reads every document matching a query, page by page, with a point-in-time and {@code search_after} (not scroll:
 * a point-in-time survives between stateless calls and costs the cluster no per-page context). A tiebreaker is
 * always added to the sort so that no document is seen twice or skipped ({@link #tiebreaker}). A page is returned
 * whole or not at all: a page some shards could not answer, or that timed out, is a failure, never a shorter page.
 * <p>
 * The point-in-time lives as long as the pipeline that reads it: it is closed when the pipeline ends, by success,
 * failure or cancellation, unless the call hands a cursor back that continues through it, or other slices read it
 * too. A slice ({@link ScanSlice}) is read the same way, each through its own sequence of cursors.
 */
@ApplicationScoped
public class ScanPipeline {

    private static final Logger LOG = Logger.getLogger(ScanPipeline.class);

    private final ElasticsearchGateway gateway;
    private final ClusterIdentity cluster;
    private final Cursors cursors;
    private final ObjectMapper mapper;
    private final String keepAlive;

    ScanPipeline(ElasticsearchGateway gateway, ClusterIdentity cluster, Cursors cursors, ObjectMapper mapper,
            EsFunctionsConfig config) {
        this.gateway = gateway;
        this.cluster = cluster;
        this.cursors = cursors;
        this.mapper = mapper;
        this.keepAlive = config.scan().keepAlive().toSeconds() + "s";
    }

    /**
     * Reads pages from {@code start} on, each when {@code consume} asks for it, until the last page, a page that
     * failed, or {@code mayContinue} says no (asked before each page after the first); {@code consume} turns them
     * into the call's result. A page that holds a hit of an index {@code mayTouch} refuses fails, with nothing of it
     * returned: a point-in-time can reach more than its cursor says. The point-in-time is opened when {@code start}
     * has none, and closed when the pipeline ends unless its result ({@code handsBackCursor}) or its failure hands a
     * cursor back, or it is shared by the slices of a {@link #plan}.
     */
    public <T> Uni<T> read(ScanPosition start, BooleanSupplier mayContinue, Predicate<String> mayTouch,
            Function<Multi<ScanPage>, Uni<T>> consume, Predicate<T> handsBackCursor) {
        return Multi.createFrom().resourceFromUni(() -> pointInTime(start),
                pit -> consume.apply(pages(pit, start.withPointInTime(pit.id()), mayContinue, mayTouch))
                        .invoke(result -> pit.handBack(handsBackCursor.test(result))).toMulti())
                .withFinalizer(pit -> pit.handedBack() || start.sharedPit() ? Uni.createFrom().voidItem() : close(pit),
                        (pit, failure) -> failure instanceof FunctionException e && e.cursor() != null
                                || start.sharedPit() ? Uni.createFrom().voidItem() : close(pit),
                        pit -> start.sharedPit() ? Uni.createFrom().voidItem() : close(pit))
                .collect().last();
    }

    private Multi<ScanPage> pages(PointInTime pit, ScanPosition start, BooleanSupplier mayContinue,
            Predicate<String> mayTouch) {
        return Multi.createBy().repeating()
                .uni(() -> new AtomicReference<>(start),
                        next -> page(pit, next.get(), mayTouch).invoke(page -> next.set(page.next())))
                .whilst(page -> page.next() != null && mayContinue.getAsBoolean());
    }

    private Uni<PointInTime> pointInTime(ScanPosition start) {
        return start.pitId() != null
                ? cluster.server().map(server -> new PointInTime(server, start.pitId()))
                : open(start.index()).map(Opened::pit);
    }

    /**
     * A point-in-time just opened on {@code index}, and the number of shards it reads: 0 where the answer does not
     * say (Elasticsearch 7's).
     */
    private record Opened(PointInTime pit, int shards) {
    }

    /**
     * A point-in-time holds the shards it was opened on for good: one opened while a remote cluster was skipped (as
     * unreachable, with {@code skip_unavailable}) reads without it on every page, and says so only here. It is
     * closed, and the scan fails with no cursor (nothing was read): the same request, sent again, opens another.
     */
    private Uni<Opened> open(String index) {
        // Opening one holds it on the cluster: its id is read whatever the memory budget holds, never lost.
        return cluster.server().flatMap(server -> gateway.write(
                PointInTimeApi.open(server.distribution(), index, keepAlive))
                .flatMap(answer -> {
                    PointInTime pit = new PointInTime(server,
                            PointInTimeApi.openedId(server.distribution(), answer));
                    Opened opened = new Opened(pit, answer.path("_shards").path("total").asInt());
                    SearchResult.Clusters clusters = PartialAnswers.clusters(answer.path("_clusters"));
                    return clusters == null ? Uni.createFrom().item(opened)
                            : close(pit).chain(() -> Uni.createFrom().<Opened>failure(PartialAnswers.refusal(
                                    "opening a point-in-time on '" + index + "'", clusters, "nothing was read: send "
                                    + "the request again (without 'cursor') once every cluster answers")));
                }));
    }

    /**
     * The slices to read {@code start}'s query with, through one point-in-time they share: as many as asked for
     * ({@code slices}), or as the index's shards and matching documents call for ({@link ScanPlan#sliceCount}). The
     * documents are counted before the point-in-time is opened, so that nothing can fail once it is: it is handed
     * out whole. Shared by several slices, it is left to expire after its keep-alive (each slice's reads renew it,
     * and no slice knows when the others are done); a plan of one slice is an ordinary scan, closed at its end.
     */
    public Uni<ScanPlan> plan(ScanPosition start, Integer slices, int maxSlices, long documentsPerSlice) {
        return matching(start).flatMap(matching -> open(start.index()).map(opened -> {
            // The count read the same indices: it says how many shards where the point-in-time does not.
            int shards = opened.shards() > 0 ? opened.shards() : matching.shards();
            long documents = matching.documents();
            int count = slices != null ? slices
                    : ScanPlan.sliceCount(documents, shards, documentsPerSlice, maxSlices);
            List<ScanPosition> starts = new ArrayList<>(count);
            for (int id = 0; id < count; id++) {
                starts.add(start.sliceOf(opened.pit().id(), count == 1 ? null : new ScanSlice(id, count)));
            }
            return new ScanPlan(documents, shards, starts);
        }));
    }

    /** How many documents {@code start}'s query matches now, in how many shards. */
    private record Matching(long documents, int shards) {
    }

    /** How many documents {@code start}'s query matches now: what the plan sizes its slices by. */
    private Uni<Matching> matching(ScanPosition start) {
        Request request = new Request("POST", Endpoints.of(start.index(), "_count"));
        if (start.query() != null) {
            request.setJsonEntity(mapper.createObjectNode().set("query", start.query()).toString());
        }
        return gateway.perform(request).map(answer -> new Matching(answer.path("count").asLong(),
                answer.path("_shards").path("total").asInt(1)));
    }

    /** The page at {@code position}, or the failure to read it, as a page. */
    private Uni<ScanPage> page(PointInTime pit, ScanPosition position, Predicate<String> mayTouch) {
        return gateway.perform(searchRequest(position, pit.server()), SearchAnswer::read)
                .map(answer -> {
                    requireWhole(position, answer);
                    String renewed = answer.pitId() != null ? answer.pitId() : position.pitId();
                    pit.renewed(renewed);
                    for (Hit hit : answer.hits()) {
                        if (!mayTouch.test(hit.index())) {
                            throw new FunctionException(403, "index_not_allowed", "the scan of '" + position.index()
                                    + "' reached index '" + hit.index() + "', outside the indices this deployment "
                                    + "allows (es-functions.indices.read, .write); nothing of the page was returned");
                        }
                    }
                    List<Hit> hits = answer.hits();
                    ScanPosition next = hits.size() < position.size() ? null
                            : position.after(renewed, sortValues(hits.get(hits.size() - 1)));
                    return new ScanPage(position, hits, next, null);
                })
                .onFailure().recoverWithItem(failure -> ScanPage.failed(position, pageFailure(position, failure)));
    }

    /** The last hit's sort values, the next page's {@code search_after}: the one part of a page read as a tree. */
    private JsonNode sortValues(Hit last) {
        try {
            return mapper.readTree(last.sort().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Request searchRequest(ScanPosition position, Server server) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("pit").put("id", position.pitId()).put("keep_alive", keepAlive);
        body.put("size", position.size());
        body.set("query", position.query() != null ? position.query()
                : mapper.createObjectNode().set("match_all", mapper.createObjectNode()));
        ArrayNode sort = body.putArray("sort");
        if (position.sort() != null) {
            if (position.sort().isArray()) {
                sort.addAll((ArrayNode) position.sort());
            } else {
                sort.add(position.sort());
            }
        }
        tiebreaker(server).forEach(field -> sort.addObject().put(field, "asc"));
        if (position.slice() != null) {
            body.set("slice", position.slice().toJson());
        }
        if (position.source() != null) {
            body.set("_source", position.source());
        }
        if (position.after() != null) {
            body.set("search_after", position.after());
        }
        // OpenSearch 3 approximates a range query to the page it is asked for unless it counts every hit, and with
        // search_after on _shard_doc that skips documents (3,976 of 5,000 read on 3.6.0): there it counts them.
        body.put("track_total_hits", server.distribution() == Distribution.OPENSEARCH);
        Request request = new Request("POST", "/_search");
        request.setJsonEntity(body.toString());
        return request;
    }

    /**
     * The fields that end every scan's sort and make it total: a page after another starts exactly after its last
     * hit only when no two documents sort alike. Elasticsearch's {@code _shard_doc} (the shard within the
     * point-in-time and the document within the shard, 7.12 on) is free to sort on; OpenSearch has it from 3.3 on.
     * Before, OpenSearch has no such value ({@code _doc} is the same number on every shard, and pages went missing
     * across shards): the index and {@code _id} are unique together, at the cost of the ids' field data on the
     * cluster's heap (a cluster that set {@code indices.id_field_data.enabled: false} refuses the sort, and says why).
     */
    static List<String> tiebreaker(Server server) {
        return server.distribution() == Distribution.OPENSEARCH && !server.atLeast(3, 3) ? List.of("_index", "_id")
                : List.of("_shard_doc");
    }

    /**
     * A page that some shards did not answer, that a cluster of a cross-cluster point-in-time did not answer whole,
     * or that timed out, would silently leave documents out.
     */
    private void requireWhole(ScanPosition position, SearchAnswer answer) {
        JsonNode shards = answer.shards();
        if (shards.path("failed").asInt() > 0) {
            String failures = ShardFailures.describe(shards.path("failures"));
            throw new FunctionException(502, "shard_failures", "reading '" + position.index() + "': "
                    + shards.path("failed").asInt() + " of " + shards.path("total").asInt() + " shards failed ("
                    + failures + "); nothing of the page was returned: continue with the cursor to read it again")
                    .withCursor(cursors.encode(position));
        }
        SearchResult.Clusters clusters = PartialAnswers.clusters(answer.clusters());
        if (clusters != null) {
            throw PartialAnswers.refusal("reading '" + position.index() + "'", clusters, "nothing of the page was "
                    + "returned: continue with the cursor to read it again").withCursor(cursors.encode(position));
        }
        if (answer.timedOut()) {
            throw new FunctionException(504, "search_timed_out", "reading '" + position.index() + "': the cluster "
                    + "timed out before every shard answered; nothing of the page was returned: continue with the "
                    + "cursor to read it again").withCursor(cursors.encode(position));
        }
    }

    /**
     * Why the page at {@code position} was not read, in the caller's terms, with a cursor that reads it again when
     * that can help: the page was partial (said as such already), or the cluster was busy, unavailable or silent. A
     * point-in-time that is gone cannot be continued.
     */
    private FunctionException pageFailure(ScanPosition position, Throwable failure) {
        if (failure instanceof FunctionException refused && refused.retryAfterSeconds() != null) {
            // This instance could not hold the page now (its memory budget): the same page, later, can be.
            return refused.withCursor(cursors.encode(position));
        }
        if (failure instanceof FunctionException partial) {
            return partial;
        }
        if (failure instanceof ClusterFailure cluster && isExpired(cluster)) {
            return new FunctionException(410, "cursor_expired", "the scan's point-in-time has expired or was closed "
                    + "(it is kept " + keepAlive + " between pages, es-functions.scan.keep-alive): start the scan "
                    + "again without 'cursor'");
        }
        FunctionException mapped = Failures.map(failure);
        return failure instanceof ClusterFailure cluster && cluster.isTransient()
                ? mapped.withCursor(cursors.encode(position)) : mapped;
    }

    /** Closing is courtesy: a point-in-time left open expires by itself, so a failure here fails nothing. */
    private Uni<Void> close(PointInTime pit) {
        return gateway.write(PointInTimeApi.close(pit.server().distribution(), pit.id())).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Could not close point-in-time: %s", failure))
                .onFailure().recoverWithNull();
    }

    private static boolean isExpired(ClusterFailure failure) {
        return failure.kind() == ClusterFailure.Kind.ANSWERED && (failure.type().contains("search_context_missing")
                || failure.reason().contains("No search context found")
                || failure.reason().contains("missing point-in-time"));
    }
}
