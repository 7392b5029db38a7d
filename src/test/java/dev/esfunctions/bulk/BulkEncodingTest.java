package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.model.RawJson;

class BulkEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPrettyPrintedSourceBecomesOneLineWithTheSameValue() throws Exception {
        String pretty = "{\r\n  \"a\": \"line one\\nline two\",\n  \"b\": {\n    \"c\": [1,\n 2]\n  },\n  \"d\": \"é—\"\n}";
        ByteArrayBuilder out = new ByteArrayBuilder();
        BulkPipeline.writeOnOneLine(RawJson.of(pretty.getBytes(StandardCharsets.UTF_8)), out);
        String line = new String(out.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(-1, line.indexOf('\n'));
        assertEquals(-1, line.indexOf('\r'));
        assertEquals(JSON.readTree(pretty), JSON.readTree(line));
    }

    @Test
    void everyOperationIsItsActionLineAndOneDocumentLine() {
        BulkPipeline pipeline = new BulkPipeline(null, null);
        RawJson pretty = RawJson.of("{\n\"n\": 1\n}".getBytes(StandardCharsets.UTF_8));
        for (BulkOperation.Action action : new BulkOperation.Action[] { BulkOperation.Action.INDEX,
                BulkOperation.Action.CREATE, BulkOperation.Action.UPDATE }) {
            String ndjson = new String(pipeline.encode(new BulkOperation(action, null, "1", pretty, null, null, null))
                    .bytes(), StandardCharsets.UTF_8);
            assertEquals(2, ndjson.split("\n", -1).length - 1, ndjson);
            assertEquals('\n', ndjson.charAt(ndjson.length() - 1));
        }
    }
}
