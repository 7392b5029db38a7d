package dev.esfunctions.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.model.SourceDocument;
import dev.esfunctions.model.WriteMode;

class BulkDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void metadataLeavesTheBodyAndEachDocumentIsOneItemInOrder() throws Exception {
        List<BulkItem> items = BulkDocuments.split(docs("""
                [{"_id": "1", "_routing": "r", "_ifSeqNo": 3, "_ifPrimaryTerm": 1, "a": 1},
                 {"_id": 2, "b": 2},
                 {"b": 3}]
                """), WriteMode.MERGE);
        assertEquals(3, items.size());
        BulkOperation first = assertInstanceOf(BulkOperation.class, items.get(0));
        assertEquals(BulkOperation.Action.UPDATE, first.action());
        assertEquals("1", first.id());
        assertEquals("r", first.routing());
        assertEquals(3L, first.ifSeqNo());
        assertEquals(1L, first.ifPrimaryTerm());
        assertEquals("{\"a\":1}", first.body().toString());
        assertEquals("2", assertInstanceOf(BulkOperation.class, items.get(1)).id());
        assertEquals("missing_id", assertInstanceOf(BulkItem.Refused.class, items.get(2)).error().type());
    }

    @Test
    void unusableMetadataRefusesOnlyThatDocument() throws Exception {
        List<BulkItem> items = BulkDocuments.split(docs("""
                [{"_id": ""}, {"_id": {"x": 1}}, "text", {"_id": "a", "_routing": 5},
                 {"_id": "b", "_ifSeqNo": 1}, {"_id": "c", "_ifSeqNo": -1, "_ifPrimaryTerm": 1},
                 {"_id": "ok"}]
                """), WriteMode.REPLACE);
        List<String> types = new ArrayList<>();
        for (BulkItem item : items) {
            types.add(item instanceof BulkItem.Refused refused ? refused.error().type() : "ok");
        }
        assertEquals(List.of("missing_id", "missing_id", "missing_id", "invalid_metadata", "invalid_metadata",
                "invalid_metadata", "ok"), types);
    }

    @Test
    void deletesRefuseBlankIds() {
        List<BulkItem> items = BulkDocuments.deletes(Arrays.asList("1", " ", null, "2"));
        assertEquals(BulkOperation.Action.DELETE, assertInstanceOf(BulkOperation.class, items.get(0)).action());
        assertInstanceOf(BulkItem.Refused.class, items.get(1));
        assertInstanceOf(BulkItem.Refused.class, items.get(2));
        assertEquals("2", assertInstanceOf(BulkOperation.class, items.get(3)).id());
    }

    @Test
    void theBodyKeepsEveryDigitAndCharacterTheCallerSent() throws Exception {
        List<BulkItem> items = BulkDocuments.split(docs("""
                [{"price": 1.10, "_id": "x", "big": 123456789012345678901234567890, "tiny": 0.1000000000000000055511151231257827,
                  "text": "caf\u00e9 \\"quoted\\" \u2603", "nested": {"_id": "inner", "list": [1, {"a": null}]}}]
                """), WriteMode.MERGE);
        BulkOperation operation = assertInstanceOf(BulkOperation.class, items.get(0));
        assertEquals("x", operation.id());
        assertEquals("{\"price\":1.10,\"big\":123456789012345678901234567890,\"tiny\":0.1000000000000000055511151231257827,"
                + "\"text\":\"café \\\"quoted\\\" ☃\",\"nested\":{\"_id\":\"inner\",\"list\":[1,{\"a\":null}]}}",
                operation.body().toString());
    }

    @Test
    void anEntryThatIsNoObjectIsRefusedByWhatItIs() throws Exception {
        List<BulkItem> items = BulkDocuments.split(docs("[null, [1], 5]"), WriteMode.MERGE);
        assertEquals(List.of("NULL", "ARRAY", "NUMBER"), items.stream()
                .map(item -> assertInstanceOf(BulkItem.Refused.class, item).error().reason())
                .map(reason -> reason.substring(reason.lastIndexOf(' ') + 1)).toList());
    }

    private static List<SourceDocument> docs(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<List<SourceDocument>>() {
        });
    }
}
