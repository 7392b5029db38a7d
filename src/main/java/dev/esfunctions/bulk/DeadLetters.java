package dev.esfunctions.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.model.DocumentError;

/**
 * Where a run writes the documents the cluster refused for good, and what it says of them: the dead-letter
 * {@code index}, the {@code function} that wrote, the call's {@code requestId} and {@code traceId} (null: none).
 * <p>
 * A dead letter is the document's source as it was sent, its fields at the top level, with one more field,
 * {@value #FIELD}, holding what went wrong: so that a copy from the dead-letter index that excludes {@value #FIELD}
 * (and takes the id from {@code dead_letter.id}) writes the documents again as they were.
 */
public record DeadLetters(String index, String function, String requestId, String traceId) {

    public static final String FIELD = "dead_letter";

    /**
     * The dead-letter index's mapping, with which a run creates it when it is missing: nothing of the sources is
     * indexed ({@code dynamic: false}: they are kept in {@code _source} only, so that documents refused for
     * conflicting with each other are not refused here for the same reason), and the fields of {@value #FIELD} are
     * mapped for searching by error, target index, function, call and time.
     */
    public static final String MAPPING = "{\"mappings\": {\"dynamic\": false, \"properties\": {\"" + FIELD
            + "\": {\"properties\": {"
            + "\"id\": {\"type\": \"keyword\"}, \"index\": {\"type\": \"keyword\"}, "
            + "\"function\": {\"type\": \"keyword\"}, \"action\": {\"type\": \"keyword\"}, "
            + "\"routing\": {\"type\": \"keyword\"}, \"request_id\": {\"type\": \"keyword\"}, "
            + "\"trace_id\": {\"type\": \"keyword\"}, \"time\": {\"type\": \"date\"}, "
            + "\"error\": {\"properties\": {\"status\": {\"type\": \"short\"}, \"type\": {\"type\": \"keyword\"}, "
            + "\"reason\": {\"type\": \"text\"}}}}}}}}";

    /**
     * A refusal at 500 that is nonetheless the document's own: an ingest pipeline's {@code fail} processor (the
     * pipeline's deliberate refusal, which Elasticsearch answers as a server error).
     */
    private static final Set<String> REFUSING_SERVER_ERRORS = Set.of("fail_processor_exception");

    /** Leaves the outer object open, for the source's fields to follow. */
    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    private static final byte[] NEWLINE = { '\n' };

    /**
     * Whether the cluster refused this document for good: its own item was refused for what it holds or asks (400: a
     * mapping conflict, a document that does not parse, a failed ingest pipeline; 409: a create of a document that
     * exists, or a guarded write of one that changed; 413: too large), which sending it again cannot change. Never
     * what may change with time or may have landed: a busy cluster (429), a request that failed whole (a 5xx, no
     * answer, a 413 of the whole request), a document never sent (408 {@code not_attempted}), an
     * {@code outcome_unknown}, and no refusal of the caller's rights (401, 403) or of a missing index (404), which
     * concern every document alike and are fixed where they are set, not in the documents.
     */
    static boolean forGood(DocumentOutcome outcome) {
        if (outcome.error() == null || outcome.wholeRequestFailed()) {
            return false;
        }
        int status = outcome.error().status();
        return status == 400 || status == 409 || status == 413
                || status == 500 && REFUSING_SERVER_ERRORS.contains(outcome.error().type());
    }

    /**
     * The dead letter {@code letterId} of a document refused for good, or null when {@code source} is not a JSON
     * object (nothing es-functions writes, but then there is no top level to add {@value #FIELD} to). {@code id},
     * {@code action} and {@code routing} may be null. The source is not copied: the letter's parts are its action
     * line, the {@value #FIELD} field, and the source's bytes after its opening brace.
     */
    EncodedOperation letter(String letterId, String target, String id, String action, String routing, byte[] source,
            DocumentError error, Instant time) {
        int open = firstToken(source, 0);
        if (open == source.length || source[open] != '{') {
            return null;
        }
        int next = firstToken(source, open + 1);
        if (next == source.length) {
            return null;
        }
        boolean empty = source[next] == '}';
        BulkOperation write = new BulkOperation(BulkOperation.Action.INDEX, index, letterId, null, null, null, null);
        byte[] fields = fields(target, id, action, routing, error, time, empty);
        byte[] actionLine = BulkPipeline.actionLine(write);
        return empty ? EncodedOperation.of(write, null, actionLine, fields, NEWLINE)
                : EncodedOperation.sliced(write, null, new byte[][] { actionLine, fields, source, NEWLINE },
                        new int[] { 0, 0, open + 1, 0 });
    }

    private static int firstToken(byte[] json, int from) {
        int i = from;
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** {@code {"dead_letter": {...}} followed by a comma, or by the closing brace when the source has no field. */
    private byte[] fields(String target, String id, String action, String routing, DocumentError error, Instant time,
            boolean alone) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart(FIELD);
            writeIfPresent(json, "id", id);
            json.writeStringField("index", target);
            json.writeStringField("function", function);
            writeIfPresent(json, "action", action);
            writeIfPresent(json, "routing", routing);
            json.writeObjectFieldStart("error");
            json.writeNumberField("status", error.status());
            json.writeStringField("type", error.type());
            json.writeStringField("reason", error.reason());
            json.writeEndObject();
            writeIfPresent(json, "request_id", requestId);
            writeIfPresent(json, "trace_id", traceId);
            json.writeStringField("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.append(alone ? '}' : ',');
        return out.toByteArray();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
