package dev.esfunctions.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOperation;

class CopyTransformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void includeExcludeRenameAndSetApplyInThatOrderAndTheIdComesFromTheUntransformedSource() throws Exception {
        CopyTransform transform = new CopyTransform(List.of("code", "old", "secret"), List.of("secret", "code"),
                Map.of("old", "renamed"), Map.of("copied", BooleanNode.TRUE), "code");
        JsonNode hit = JSON.readTree("{\"_id\": \"1\", \"_routing\": \"r\", \"_source\": "
                + "{\"code\": \"c-1\", \"old\": \"v\", \"secret\": \"s\", \"noise\": 1}}");
        BulkOperation operation = assertInstanceOf(BulkOperation.class, transform.apply(hit, BulkOperation.Action.INDEX));
        assertEquals("c-1", operation.id());
        assertEquals("r", operation.routing());
        assertEquals("{\"renamed\":\"v\",\"copied\":true}", operation.body().toString());
    }

    @Test
    void withoutTransformTheDocumentIsCopiedUnderItsOwnId() throws Exception {
        CopyTransform transform = new CopyTransform(List.of(), List.of(), Map.of(), Map.of(), null);
        BulkItem item = transform.apply(JSON.readTree("{\"_id\": \"7\", \"_source\": {\"a\": 1}}"),
                BulkOperation.Action.CREATE);
        BulkOperation operation = assertInstanceOf(BulkOperation.class, item);
        assertEquals("7", operation.id());
        assertEquals(BulkOperation.Action.CREATE, operation.action());
        assertEquals("{\"a\":1}", operation.body().toString());
    }

    @Test
    void aDocumentWithoutAUsableIdFieldIsRefusedAlone() throws Exception {
        CopyTransform transform = new CopyTransform(List.of(), List.of(), Map.of(), Map.of(), "code");
        for (String source : new String[] { "{}", "{\"code\": \"\"}", "{\"code\": {\"x\": 1}}", "{\"code\": null}" }) {
            BulkItem.Refused refused = assertInstanceOf(BulkItem.Refused.class,
                    transform.apply(JSON.readTree("{\"_id\": \"9\", \"_source\": " + source + "}"),
                            BulkOperation.Action.INDEX));
            assertEquals("9", refused.error().id());
            assertEquals("missing_id", refused.error().type());
        }
    }
}
