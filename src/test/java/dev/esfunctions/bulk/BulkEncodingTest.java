package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.model.RawJson;

class BulkEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anActionLineIsTheJsonOfItsMetadataWithEveryStringEscaped() throws Exception {
        String[] ids = { "1", "a \"quoted\" id", "back\\slash", "caf\u00e9 \u2615 \uD83D\uDE00", "tab\tand\u0001",
                "</script>" };
        for (BulkOperation.Action action : BulkOperation.Action.values()) {
            for (String id : ids) {
                for (BulkOperation operation : List.of(new BulkOperation(action, null, id, null, null, null, null),
                        new BulkOperation(action, "other-index", id, null, "route \"r\"", 7L, 3L))) {
                    String line = new String(BulkPipeline.actionLine(operation), StandardCharsets.UTF_8);
                    assertEquals('\n', line.charAt(line.length() - 1));
                    assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
                    var fields = JSON.createObjectNode();
                    if (operation.index() != null) {
                        fields.put("_index", operation.index());
                    }
                    fields.put("_id", id);
                    if (operation.routing() != null) {
                        fields.put("routing", operation.routing()).put("if_seq_no", 7).put("if_primary_term", 3);
                    }
                    assertEquals(JSON.createObjectNode().set(action.bulkName, fields), JSON.readTree(line), line);
                }
            }
        }
    }

    @Test
    void aPrettyPrintedSourceBecomesOneLineWithTheSameValue() throws Exception {
        String pretty = "{\r\n  \"a\": \"line one\\nline two\",\n  \"b\": {\n    \"c\": [1,\n 2]\n  },\n  \"d\": \"é—\"\n}";
        byte[] source = pretty.getBytes(StandardCharsets.UTF_8);
        String line = new String(BulkPipeline.oneLine(RawJson.of(source)), StandardCharsets.UTF_8);
        assertEquals(pretty, new String(source, StandardCharsets.UTF_8), "the source as it came is left alone");
        assertEquals(-1, line.indexOf('\n'));
        assertEquals(-1, line.indexOf('\r'));
        assertEquals(JSON.readTree(pretty), JSON.readTree(line));
    }

    @Test
    void aSourceOnOneLineIsWrittenFromItsOwnBytes() {
        byte[] source = "{\"n\": 1}".getBytes(StandardCharsets.UTF_8);
        assertSame(source, BulkPipeline.oneLine(RawJson.of(source)));
    }

    @Test
    void everyOperationIsItsActionLineAndOneDocumentLine() throws Exception {
        BulkPipeline pipeline = new BulkPipeline(null, null, null);
        RawJson pretty = RawJson.of("{\n\"n\": 1\n}".getBytes(StandardCharsets.UTF_8));
        for (BulkOperation.Action action : new BulkOperation.Action[] { BulkOperation.Action.INDEX,
                BulkOperation.Action.CREATE, BulkOperation.Action.UPDATE }) {
            var operation = pipeline.encode(new BulkOperation(action, null, "1", pretty, null, null, null));
            BulkBody body = new BulkBody(List.of(operation, operation), "application/x-ndjson");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            body.writeTo(out);
            assertEquals(body.getContentLength(), out.size());
            String ndjson = new String(out.toByteArray(), StandardCharsets.UTF_8).substring(0, operation.length());
            assertEquals(2, ndjson.split("\n", -1).length - 1, ndjson);
            assertEquals('\n', ndjson.charAt(ndjson.length() - 1));
        }
    }
}
