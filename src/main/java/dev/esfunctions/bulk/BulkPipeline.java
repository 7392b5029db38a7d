package dev.esfunctions.bulk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.elasticsearch.client.Request;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.cluster.Endpoints;
import dev.esfunctions.cluster.MemoryBudget;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.RawJson;
import dev.esfunctions.model.Refresh;
import io.smallrye.mutiny.Uni;

/**
 * Writes streams of documents with {@code _bulk}, the way elasticsearch-java's BulkIngester does: operations are
 * encoded as they are pulled and cut into requests by count and by bytes; a run ({@link BulkRun}) keeps at most
 * {@code concurrency} requests in flight, fewer while the cluster rejects them as busy, and pulls the upstream only
 * as they complete, so a slow cluster slows the stream instead of growing a queue; what the {@link RetryPolicy}
 * allows is sent again with backoff; past the deadline no request starts. Every item comes out as exactly one
 * outcome.
 */
@ApplicationScoped
public class BulkPipeline {

    private static final String NDJSON = "application/x-ndjson";
    /** Only what the outcome needs: keeps a 1,000-item response small to transfer and parse. */
    private static final String FILTER_PATH = "items.*.status,items.*.result,items.*.error.type,items.*.error.reason";

    private static final byte[] INDEX_FIELD = ascii("\"_index\":");
    private static final byte[] ID_FIELD = ascii("\"_id\":");
    private static final byte[] ROUTING_FIELD = ascii("\"routing\":");
    private static final byte[] IF_SEQ_NO_FIELD = ascii(",\"if_seq_no\":");
    private static final byte[] IF_PRIMARY_TERM_FIELD = ascii(",\"if_primary_term\":");
    private static final byte[] END_ACTION = ascii("}}\n");
    private static final byte[] DOC = "{\"doc\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AS_UPSERT = ",\"doc_as_upsert\":true}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END_DOC = "}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEWLINE = { '\n' };
    /**
     * What a document held by a call costs besides its bytes (an upsert's are counted with its body; a copied page's
     * while its answer is read, not after): its metadata and its operation as objects, about 250 bytes in all (the
     * record, the id as a tree node and a string, the array's header, the operation).
     */
    private static final long BYTES_PER_DOCUMENT_HELD = 256;
    /**
     * What one operation of a request in flight holds besides its document: its action line (about 60 bytes), its
     * item of the answer as a tree (about 300; the answer's bytes are held as they arrive, see the gateway), its
     * outcome (about 80).
     */
    private static final long BYTES_PER_OPERATION_IN_FLIGHT = 512;
    /**
     * What a dead letter in flight holds besides its document (whose bytes the call holds already): its action line
     * and its {@code dead_letter} field, about 400 bytes with an error's reason of a few hundred characters. Dead
     * letters share the run's requests in flight, so a run that writes them counts this for each operation of them.
     */
    private static final long BYTES_PER_DEAD_LETTER = 1024;

    private final ElasticsearchGateway gateway;
    private final MemoryBudget memory;
    private final Instance<BulkListener> listeners;

    BulkPipeline(ElasticsearchGateway gateway, MemoryBudget memory, Instance<BulkListener> listeners) {
        this.gateway = gateway;
        this.memory = memory;
        this.listeners = listeners;
    }

    /**
     * {@code writes} given a run of writes to {@code index} that share {@code options} (one per function call),
     * holding from before its first request until it ends the memory of the {@code documents} the call holds at once
     * and of its requests in flight: a call the {@link MemoryBudget} cannot fit is refused before it sends anything.
     */
    public <T> Uni<T> run(String index, BulkOptions options, long documents, Function<BulkRun, Uni<T>> writes) {
        long held = documents * BYTES_PER_DOCUMENT_HELD + (long) options.concurrency() * options.batchSize()
                * (BYTES_PER_OPERATION_IN_FLIGHT + (options.deadLetters() == null ? 0 : BYTES_PER_DEAD_LETTER));
        return memory.holding(held, documents + " documents and " + options.concurrency() + " _bulk request(s) of up to "
                + options.batchSize() + " in flight", () -> writes.apply(new BulkRun(this, index, options)));
    }

    /**
     * Creates the dead-letter index with {@link DeadLetters#MAPPING} unless it exists. Never fails: an index that
     * exists answers 400 (as do its alias and a data stream by that name), and whatever else stops the creation
     * (a user who may write but not create indices, say) is for the dead letters' own writes to find out and report.
     */
    Uni<Void> createDeadLetterIndex(String index, long deadlineNanos) {
        Request create = new Request("PUT", Endpoints.of(index));
        create.setJsonEntity(DeadLetters.MAPPING);
        return gateway.write(create, deadlineNanos).replaceWithVoid()
                .onFailure(ClusterFailure.class).recoverWithNull();
    }

    void afterTally(BulkTally tally) {
        listeners.forEach(listener -> listener.afterTally(tally));
    }

    /**
     * One {@code _bulk} request for {@code operations}, as one outcome each: the item's result or error, or the
     * failure of the whole request. Waiting for a connection counts against the run's deadline.
     */
    Uni<List<DocumentOutcome>> attempt(String index, int batchNumber, List<EncodedOperation> operations,
            BulkOptions options) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return gateway.write(request(index, operations, options), options.deadlineNanos(),
                    answer -> BulkAnswer.outcomes(batchNumber, operations, answer))
                    .onFailure(ClusterFailure.class)
                    .recoverWithItem(failure -> failedRequest(batchNumber, operations, (ClusterFailure) failure))
                    .invoke(outcomes -> {
                        long nanos = System.nanoTime() - start;
                        listeners.forEach(listener -> listener.afterRequest(outcomes, nanos));
                    });
        });
    }

    private static Request request(String index, List<EncodedOperation> operations, BulkOptions options) {
        Request request = new Request("POST", Endpoints.of(index, "_bulk"));
        request.addParameter("filter_path", FILTER_PATH);
        if (options.refresh() != Refresh.FALSE) {
            request.addParameter("refresh", options.refresh().value());
        }
        if (options.pipeline() != null) {
            request.addParameter("pipeline", options.pipeline());
        }
        request.setEntity(new BulkBody(operations, NDJSON));
        return request;
    }

    static List<DocumentOutcome> failedRequest(int batchNumber, List<EncodedOperation> operations,
            ClusterFailure failure) {
        FunctionException error = Failures.map(failure);
        return operations.stream()
                .map(op -> new DocumentOutcome(op.id(), null,
                        new DocumentError(op.id(), error.status(), error.type(), error.reason()), failure,
                        batchNumber, 0))
                .toList();
    }

    /**
     * The operation's NDJSON lines, as parts: the action line is generated; the document's bytes are the array they
     * were read into, not a copy (a partial update wraps them in {@code {"doc": ...}}).
     */
    EncodedOperation encode(BulkOperation operation) {
        byte[] action = actionLine(operation);
        if (operation.body() == null) {
            return EncodedOperation.of(operation, null, action);
        }
        byte[] source = oneLine(operation.body());
        if (operation.action() == BulkOperation.Action.UPDATE) {
            // A guarded write targets the version the caller read: Elasticsearch refuses it with an upsert.
            return EncodedOperation.of(operation, source, action, DOC, source,
                    operation.ifSeqNo() == null ? AS_UPSERT : END_DOC);
        }
        return EncodedOperation.of(operation, source, action, source, NEWLINE);
    }

    /**
     * The operation's action line, its newline included, written as bytes: a generator per operation cost more than the
     * line itself. Only the strings need quoting, and Jackson's encoder escapes them as a generator would.
     */
    static byte[] actionLine(BulkOperation operation) {
        ByteArrayBuilder out = new ByteArrayBuilder(96 + operation.id().length());
        out.write(operation.action().actionStart);
        if (operation.index() != null) {
            quoted(out, INDEX_FIELD, operation.index());
            out.append(',');
        }
        quoted(out, ID_FIELD, operation.id());
        if (operation.routing() != null) {
            out.append(',');
            quoted(out, ROUTING_FIELD, operation.routing());
        }
        if (operation.ifSeqNo() != null) {
            out.write(IF_SEQ_NO_FIELD);
            out.write(Long.toString(operation.ifSeqNo()).getBytes(StandardCharsets.US_ASCII));
            out.write(IF_PRIMARY_TERM_FIELD);
            out.write(Long.toString(operation.ifPrimaryTerm()).getBytes(StandardCharsets.US_ASCII));
        }
        out.write(END_ACTION);
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code "name":"value"}, the value escaped; {@code name} holds its quotes and colon already. */
    private static void quoted(ByteArrayBuilder out, byte[] name, String value) {
        out.write(name);
        out.append('"');
        out.write(JsonStringEncoder.getInstance().quoteAsUTF8(value));
        out.append('"');
    }

    /**
     * A document's JSON as one NDJSON line. Elasticsearch answers a source as it was indexed, line breaks of a
     * pretty-printed document included, and a copy passes those bytes on: a line break inside a line would end it.
     * In valid JSON a raw CR or LF is only ever whitespace between tokens (in a string it is escaped), and in UTF-8
     * neither byte is part of another character, so each becomes a space, in a copy. An upsert's document is taken
     * from the request body as it came, which may break its lines too. Bytes known to be one line (a document a
     * generator wrote) and bytes found to hold no line break are used as they are.
     */
    static byte[] oneLine(RawJson body) {
        byte[] json = body.utf8();
        if (body.oneLine()) {
            return json;
        }
        byte[] line = null;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n' || json[i] == '\r') {
                if (line == null) {
                    line = json.clone();
                }
                line[i] = ' ';
            }
        }
        return line == null ? json : line;
    }
}
