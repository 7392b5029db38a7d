package dev.esfunctions.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Request;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.errors.FunctionException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Reads every document matching a query, page by page, with a point-in-time and {@code search_after} (not scroll:
 * a point-in-time survives between stateless calls and costs the cluster no per-page context). A {@code _shard_doc}
 * tiebreaker is always added to the sort so that no document is seen twice or skipped. The point-in-time is closed
 * after the last page.
 */
@ApplicationScoped
public class ScanPipeline {

    private static final Logger LOG = Logger.getLogger(ScanPipeline.class);

    private final ElasticsearchGateway gateway;
    private final ObjectMapper mapper;
    private final String keepAlive;

    ScanPipeline(ElasticsearchGateway gateway, ObjectMapper mapper, EsFunctionsConfig config) {
        this.gateway = gateway;
        this.mapper = mapper;
        this.keepAlive = config.scan().keepAlive().toSeconds() + "s";
    }

    public Uni<ScanPage> page(ScanPosition position) {
        Uni<String> pit = position.pitId() != null ? Uni.createFrom().item(position.pitId()) : open(position.index());
        return pit.flatMap(pitId -> read(position, pitId))
                .call(read -> read.page().next() == null ? close(read.pitId()) : Uni.createFrom().voidItem())
                .map(Read::page)
                .onFailure(ScanPipeline::isExpired).transform(expired -> new FunctionException(410, "cursor_expired",
                        "the scan's point-in-time has expired or was closed (it is kept " + keepAlive + " between pages, "
                                + "es-functions.scan.keep-alive): start the scan again without 'cursor'"));
    }

    /**
     * Pages from {@code start} on, each read when the downstream asks for it, until the last page; before each page
     * after the first, {@code mayContinue} is asked whether to go on. Each page says where the next one starts.
     */
    public Multi<ScanPage> pages(ScanPosition start, BooleanSupplier mayContinue) {
        return Multi.createBy().repeating()
                .uni(() -> new AtomicReference<>(start), next -> page(next.get()).invoke(page -> next.set(page.next())))
                .whilst(page -> page.next() != null && mayContinue.getAsBoolean());
    }

    private record Read(ScanPage page, String pitId) {
    }

    private Uni<String> open(String index) {
        Request request = new Request("POST", "/" + index + "/_pit");
        request.addParameter("keep_alive", keepAlive);
        return gateway.perform(request).map(response -> response.path("id").asText());
    }

    private Uni<Read> read(ScanPosition position, String pitId) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("pit").put("id", pitId).put("keep_alive", keepAlive);
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
        sort.addObject().put("_shard_doc", "asc");
        if (position.source() != null) {
            body.set("_source", position.source());
        }
        if (position.after() != null) {
            body.set("search_after", position.after());
        }
        body.put("track_total_hits", false);
        Request request = new Request("POST", "/_search");
        request.setJsonEntity(body.toString());
        return gateway.perform(request).map(response -> {
            String nextPitId = response.path("pit_id").asText(pitId);
            List<JsonNode> hits = new ArrayList<>(position.size());
            response.path("hits").path("hits").forEach(hits::add);
            ScanPosition next = hits.size() < position.size() ? null
                    : position.after(nextPitId, hits.get(hits.size() - 1).get("sort"));
            return new Read(new ScanPage(hits, next), nextPitId);
        });
    }

    /** Closing is courtesy: a point-in-time left open expires by itself, so a failure here fails nothing. */
    private Uni<Void> close(String pitId) {
        Request request = new Request("DELETE", "/_pit");
        request.setJsonEntity(mapper.createObjectNode().put("id", pitId).toString());
        return gateway.perform(request).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Could not close point-in-time: %s", failure))
                .onFailure().recoverWithNull();
    }

    private static boolean isExpired(Throwable failure) {
        return failure instanceof FunctionException e && (e.type().contains("search_context_missing")
                || e.reason().contains("No search context found") || e.reason().contains("missing point-in-time"));
    }
}
