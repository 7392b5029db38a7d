package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.model.DocumentError;

class DeadLettersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeadLetters LETTERS = new DeadLetters("dead", "upsert", "req-1", null);
    private static final DocumentError CONFLICT = new DocumentError("7", 400, "document_parsing_exception",
            "failed to parse field [price] of type [long]");

    @Test
    void onlyTheDocumentsOwnRefusalsThatSendingAgainCannotChangeAreForGood() {
        for (int status : new int[] { 400, 409, 413 }) {
            assertTrue(DeadLetters.forGood(item(status, "x")), "per-document " + status);
        }
        assertTrue(DeadLetters.forGood(item(500, "fail_processor_exception")), "a pipeline's fail processor");
        for (int status : new int[] { 401, 403, 404, 408, 429, 500, 502, 503 }) {
            assertFalse(DeadLetters.forGood(item(status, "x")), "per-document " + status);
        }
        assertFalse(DeadLetters.forGood(DocumentOutcome.notAttempted("1")));
        assertFalse(DeadLetters.forGood(item(400, "x").unknown(1)), "an outcome_unknown");
        ClusterFailure whole = RetryPolicyTest.failure(ClusterFailure.Kind.ANSWERED, 413);
        assertFalse(DeadLetters.forGood(new DocumentOutcome("1", null, new DocumentError("1", 413, whole.type(), "big"),
                whole, 1, 1)), "a whole request refused is no document's refusal");
        assertFalse(DeadLetters.forGood(new DocumentOutcome("1", "created", null, null, 1, 1)));
    }

    @Test
    void aDeadLetterIsTheSourceAtTheTopLevelWithItsErrorUnderOneFieldAndTheSourceIsNotCopied() throws Exception {
        byte[] source = "{\"price\":\"abc\",\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        EncodedOperation letter = LETTERS.letter("req-1:1:3", "products", "7", "index", "r1", source, CONFLICT,
                Instant.parse("2026-12-06T00:10:00.123456Z"));
        String[] lines = ndjson(letter).split("\n");
        assertEquals(2, lines.length);
        assertEquals(JSON.readTree("{\"index\": {\"_index\": \"dead\", \"_id\": \"req-1:1:3\"}}"), JSON.readTree(lines[0]));
        assertEquals(JSON.readTree("{\"dead_letter\": {\"id\": \"7\", \"index\": \"products\", \"function\": \"upsert\", "
                + "\"action\": \"index\", \"routing\": \"r1\", \"error\": {\"status\": 400, \"type\": "
                + "\"document_parsing_exception\", \"reason\": \"failed to parse field [price] of type [long]\"}, "
                + "\"request_id\": \"req-1\", \"time\": \"2026-12-06T00:10:00.123Z\"}, \"price\": \"abc\", \"name\": \"x\"}"),
                JSON.readTree(lines[1]));
        assertSame(source, letter.parts()[2], "the source goes out from its own array");
        assertTrue(letter.idempotent(), "written by index under a fixed id: sending it again leaves one letter");
        assertNull(letter.source(), "a dead letter has no dead letter of its own");
    }

    @Test
    void anEmptyOrPaddedSourceMakesAValidLetterAndANonObjectNone() throws Exception {
        for (String source : List.of("{}", "  { } ", " {\"a\": 1}")) {
            EncodedOperation letter = LETTERS.letter("l", "t", null, null, null,
                    source.getBytes(StandardCharsets.UTF_8), CONFLICT, Instant.EPOCH);
            JsonNode document = JSON.readTree(ndjson(letter).split("\n")[1]);
            assertEquals("t", document.path("dead_letter").path("index").asText(), source);
            assertFalse(document.path("dead_letter").has("id"), "no id, no routing, no action: none given");
        }
        assertNull(LETTERS.letter("l", "t", "1", null, null, "[1]".getBytes(StandardCharsets.UTF_8), CONFLICT,
                Instant.EPOCH));
    }

    @Test
    void theMappingIndexesTheErrorFieldsAndNothingOfTheSources() throws Exception {
        JsonNode mappings = JSON.readTree(DeadLetters.MAPPING).path("mappings");
        assertFalse(mappings.path("dynamic").asBoolean(true));
        JsonNode fields = mappings.path("properties").path(DeadLetters.FIELD).path("properties");
        assertEquals("keyword", fields.path("error").path("properties").path("type").path("type").asText());
        assertEquals("date", fields.path("time").path("type").asText());
        assertEquals(List.of("id", "index", "function", "action", "routing", "request_id", "trace_id", "time", "error"),
                List.copyOf(JSON.convertValue(fields, java.util.Map.class).keySet()));
    }

    private static DocumentOutcome item(int status, String type) {
        return new DocumentOutcome("1", null, new DocumentError("1", status, type, "r"), null, 1, 1);
    }

    private static String ndjson(EncodedOperation operation) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BulkBody(List.of(operation), "application/x-ndjson").writeTo(out);
        assertEquals(operation.length(), out.size());
        return out.toString(StandardCharsets.UTF_8);
    }
}
