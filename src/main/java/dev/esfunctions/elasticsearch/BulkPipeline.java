package dev.esfunctions.elasticsearch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;
import dev.esfunctions.model.Refresh;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Writes a stream of documents with {@code _bulk}: operations are encoded as they are pulled, cut into requests by
 * count and by bytes, and at most {@code concurrency} requests are in flight; the upstream is only pulled as requests
 * complete, so memory stays bounded by what is in flight. Every operation comes out as exactly one outcome.
 */
@ApplicationScoped
public class BulkPipeline {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    /** Only what the outcome needs: keeps a 1,000-item response small to transfer and parse. */
    private static final String FILTER_PATH = "items.*.status,items.*.result,items.*.error.type,items.*.error.reason";

    private final ElasticsearchGateway gateway;
    private final ObjectMapper mapper;

    BulkPipeline(ElasticsearchGateway gateway, ObjectMapper mapper) {
        this.gateway = gateway;
        this.mapper = mapper;
    }

    public Multi<DocumentOutcome> write(String index, Multi<BulkOperation> operations, BulkOptions options) {
        return Multi.createFrom().deferred(() -> {
            BatchCutter cutter = new BatchCutter(options.batchSize(), options.batchBytes());
            return operations
                    .map(this::encode)
                    .onItem().transformToIterable(cutter::add)
                    .onCompletion().switchTo(() -> Multi.createFrom().iterable(cutter.drain()));
        })
                .onItem().transformToUni(batch -> send(index, batch, options.refresh())).merge(options.concurrency())
                .onItem().transformToIterable(outcomes -> outcomes);
    }

    /** Runs {@link #write} and counts its outcomes, after the documents the caller already rejected. */
    public Uni<BulkTally> writeAndTally(String index, List<BulkOperation> operations, List<DocumentError> rejected,
            BulkOptions options) {
        return write(index, Multi.createFrom().iterable(operations), options)
                .collect().in(() -> {
                    BulkTally tally = new BulkTally();
                    rejected.forEach(error -> tally.add(DocumentOutcome.failed(error)));
                    return tally;
                }, BulkTally::add)
                .map(BulkTally::requireSomethingLanded);
    }

    private Uni<List<DocumentOutcome>> send(String index, List<EncodedOperation> batch, Refresh refresh) {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream(batch.stream().mapToInt(op -> op.bytes().length).sum());
        batch.forEach(op -> ndjson.writeBytes(op.bytes()));
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.addParameter("filter_path", FILTER_PATH);
        if (refresh != Refresh.FALSE) {
            request.addParameter("refresh", refresh.value());
        }
        request.setEntity(new ByteArrayEntity(ndjson.toByteArray(), NDJSON));
        return gateway.perform(request)
                .map(response -> outcomes(batch, response.path("items")))
                .onFailure().recoverWithItem(failure -> failedBatch(batch, Failures.map(failure)));
    }

    private static List<DocumentOutcome> outcomes(List<EncodedOperation> batch, JsonNode items) {
        if (items.size() != batch.size()) {
            return failedBatch(batch, new FunctionException(502, "bulk_response_mismatch", "Elasticsearch answered "
                    + items.size() + " items to a _bulk request of " + batch.size() + " operations"));
        }
        List<DocumentOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String id = batch.get(i).id();
            JsonNode item = items.get(i).elements().next();
            int status = item.path("status").asInt();
            JsonNode error = item.path("error");
            if (error.isObject()) {
                outcomes.add(DocumentOutcome.failed(new DocumentError(id, status, error.path("type").asText(),
                        error.path("reason").asText())));
            } else {
                outcomes.add(DocumentOutcome.applied(id, item.path("result").asText()));
            }
        }
        return outcomes;
    }

    private static List<DocumentOutcome> failedBatch(List<EncodedOperation> batch, FunctionException failure) {
        return batch.stream()
                .map(op -> new DocumentOutcome(op.id(), null,
                        new DocumentError(op.id(), failure.status(), failure.type(), failure.reason()), true))
                .toList();
    }

    private EncodedOperation encode(BulkOperation operation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(operation.isDelete() ? 48 : 256);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart(operation.isDelete() ? "delete" : "update");
            json.writeStringField("_id", operation.id());
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
            if (!operation.isDelete()) {
                json.writeStartObject();
                json.writeFieldName("doc");
                mapper.writeTree(json, operation.body());
                json.writeBooleanField("doc_as_upsert", true);
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EncodedOperation(operation.id(), out.toByteArray());
    }

    private record EncodedOperation(String id, byte[] bytes) {
    }

    /** Cuts the stream into requests at {@code maxCount} operations or {@code maxBytes}, whichever comes first. */
    private static final class BatchCutter {
        private final int maxCount;
        private final long maxBytes;
        private List<EncodedOperation> current = new ArrayList<>();
        private long currentBytes;

        BatchCutter(int maxCount, long maxBytes) {
            this.maxCount = maxCount;
            this.maxBytes = maxBytes;
        }

        List<List<EncodedOperation>> add(EncodedOperation operation) {
            List<List<EncodedOperation>> full = new ArrayList<>(2);
            if (!current.isEmpty() && currentBytes + operation.bytes().length > maxBytes) {
                full.add(take());
            }
            current.add(operation);
            currentBytes += operation.bytes().length;
            if (current.size() >= maxCount) {
                full.add(take());
            }
            return full;
        }

        List<List<EncodedOperation>> drain() {
            return current.isEmpty() ? List.of() : List.of(take());
        }

        private List<EncodedOperation> take() {
            List<EncodedOperation> batch = current;
            current = new ArrayList<>();
            currentBytes = 0;
            return batch;
        }
    }
}
