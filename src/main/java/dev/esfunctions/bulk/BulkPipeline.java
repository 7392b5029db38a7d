package dev.esfunctions.bulk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.bulk.BatchCutter.Batch;
import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.Refresh;
import io.smallrye.mutiny.Uni;

/**
 * Writes streams of documents with {@code _bulk}, the way elasticsearch-java's BulkIngester does: operations are
 * encoded as they are pulled and cut into requests by count and by bytes; at most {@code concurrency} requests of a
 * run are in flight and the upstream is pulled only as they complete, so a slow cluster slows the stream instead of
 * growing a queue; rejected requests and items are retried with backoff; past the deadline no request starts.
 * Every item comes out as exactly one outcome.
 */
@ApplicationScoped
public class BulkPipeline {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    /** Only what the outcome needs: keeps a 1,000-item response small to transfer and parse. */
    private static final String FILTER_PATH = "items.*.status,items.*.result,items.*.error.type,items.*.error.reason";

    private final ElasticsearchGateway gateway;
    private final ObjectMapper mapper;
    private final Instance<BulkListener> listeners;

    BulkPipeline(ElasticsearchGateway gateway, ObjectMapper mapper, Instance<BulkListener> listeners) {
        this.gateway = gateway;
        this.mapper = mapper;
        this.listeners = listeners;
    }

    /** A run of writes to {@code index} that share {@code options}: one per function call. */
    public BulkRun run(String index, BulkOptions options) {
        return new BulkRun(this, index, options);
    }

    void afterTally(BulkTally tally) {
        listeners.forEach(listener -> listener.afterTally(tally));
    }

    Uni<List<DocumentOutcome>> send(String index, Batch batch, BulkOptions options) {
        if (options.deadlinePassed()) {
            return Uni.createFrom().item(batch.operations().stream().map(op -> new DocumentOutcome(op.id(), null,
                    new DocumentError(op.id(), 408, "not_attempted", "not sent: the request's deadline (timeoutMs) "
                            + "passed before its batch started; send this document again"), false, 0, 0))
                    .toList());
        }
        return attempt(index, batch.number(), batch.operations(), options, 0);
    }

    /** One attempt at a batch; what comes back retryable is sent again, alone, after a backoff. */
    private Uni<List<DocumentOutcome>> attempt(String index, int batchNumber, List<EncodedOperation> operations,
            BulkOptions options, int retry) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return gateway.perform(request(index, operations, options))
                    .map(response -> outcomes(batchNumber, operations, response.path("items")))
                    .onFailure().recoverWithItem(failure -> failedRequest(batchNumber, operations, Failures.map(failure)))
                    .invoke(outcomes -> {
                        long nanos = System.nanoTime() - start;
                        listeners.forEach(listener -> listener.afterRequest(outcomes, nanos));
                    });
        }).flatMap(outcomes -> {
            boolean mayRetry = retry < options.retry().maxRetries() && !options.deadlinePassed();
            List<DocumentOutcome> settled = new ArrayList<>(outcomes.size());
            List<EncodedOperation> again = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (mayRetry && options.retry().isRetryable(outcomes.get(i))) {
                    again.add(operations.get(i));
                } else {
                    settled.add(outcomes.get(i).afterAttempts(retry + 1));
                }
            }
            if (again.isEmpty()) {
                return Uni.createFrom().item(settled);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(options.retry().backoff(retry))
                    .flatMap(ignored -> attempt(index, batchNumber, again, options, retry + 1))
                    .map(later -> {
                        settled.addAll(later);
                        return settled;
                    });
        });
    }

    private static Request request(String index, List<EncodedOperation> operations, BulkOptions options) {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream(
                operations.stream().mapToInt(op -> op.bytes().length).sum());
        operations.forEach(op -> ndjson.writeBytes(op.bytes()));
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.addParameter("filter_path", FILTER_PATH);
        if (options.refresh() != Refresh.FALSE) {
            request.addParameter("refresh", options.refresh().value());
        }
        if (options.pipeline() != null) {
            request.addParameter("pipeline", options.pipeline());
        }
        request.setEntity(new ByteArrayEntity(ndjson.toByteArray(), NDJSON));
        return request;
    }

    private static List<DocumentOutcome> outcomes(int batchNumber, List<EncodedOperation> operations, JsonNode items) {
        if (items.size() != operations.size()) {
            return failedRequest(batchNumber, operations, new FunctionException(502, "bulk_response_mismatch",
                    "Elasticsearch answered " + items.size() + " items to a _bulk request of " + operations.size()
                            + " operations"));
        }
        List<DocumentOutcome> outcomes = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            String id = operations.get(i).id();
            JsonNode item = items.get(i).elements().next();
            JsonNode error = item.path("error");
            DocumentError documentError = error.isObject() ? new DocumentError(id, item.path("status").asInt(),
                    error.path("type").asText(), error.path("reason").asText()) : null;
            outcomes.add(new DocumentOutcome(id, documentError == null ? item.path("result").asText() : null,
                    documentError, false, batchNumber, 0));
        }
        return outcomes;
    }

    private static List<DocumentOutcome> failedRequest(int batchNumber, List<EncodedOperation> operations,
            FunctionException failure) {
        return operations.stream()
                .map(op -> new DocumentOutcome(op.id(), null,
                        new DocumentError(op.id(), failure.status(), failure.type(), failure.reason()), true,
                        batchNumber, 0))
                .toList();
    }

    EncodedOperation encode(BulkOperation operation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(operation.body() == null ? 48 : 512);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart(operation.action().bulkName);
            json.writeStringField("_id", operation.id());
            if (operation.routing() != null) {
                json.writeStringField("routing", operation.routing());
            }
            if (operation.ifSeqNo() != null) {
                json.writeNumberField("if_seq_no", operation.ifSeqNo());
                json.writeNumberField("if_primary_term", operation.ifPrimaryTerm());
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
            if (operation.action() == BulkOperation.Action.UPDATE) {
                json.writeStartObject();
                json.writeFieldName("doc");
                mapper.writeTree(json, operation.body());
                // A guarded write targets the version the caller read: Elasticsearch refuses it with an upsert.
                if (operation.ifSeqNo() == null) {
                    json.writeBooleanField("doc_as_upsert", true);
                }
                json.writeEndObject();
                json.writeRaw('\n');
            } else if (operation.body() != null) {
                mapper.writeTree(json, operation.body());
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EncodedOperation(operation.id(), out.toByteArray());
    }
}
