package dev.esfunctions.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;

import dev.esfunctions.bulk.BulkItem;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.model.RawJson;
import dev.esfunctions.search.Hit;

class CopyTransformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void includeExcludeRenameAndSetApplyInThatOrderAndTheIdComesFromTheUntransformedSource() throws Exception {
        CopyTransform transform = new CopyTransform(List.of("code", "old", "secret"), List.of("secret", "code"),
                Map.of("old", "renamed"), Map.of("copied", BooleanNode.TRUE), "code");
        Hit hit = hit("1", "r", "{\"code\": \"c-1\", \"old\": \"v\", \"secret\": \"s\", \"noise\": 1}");
        BulkOperation operation = assertInstanceOf(BulkOperation.class, transform.apply(hit, BulkOperation.Action.INDEX));
        assertEquals("c-1", operation.id());
        assertEquals("r", operation.routing());
        assertEquals("{\"renamed\":\"v\",\"copied\":true}", operation.body().toString());
    }

    @Test
    void withoutTransformTheDocumentIsCopiedUnderItsOwnId() throws Exception {
        CopyTransform transform = new CopyTransform(List.of(), List.of(), Map.of(), Map.of(), null);
        BulkItem item = transform.apply(hit("7", null, "{\"a\":1}"),
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
                    transform.apply(hit("9", null, source),
                            BulkOperation.Action.INDEX));
            assertEquals("9", refused.error().id());
            assertEquals("missing_id", refused.error().type());
        }
    }

    @Test
    void theIdMayComeFromAFieldInsideAnObjectAsADeadLettersReplayTakesIt() throws Exception {
        CopyTransform replay = new CopyTransform(List.of(), List.of("dead_letter"), Map.of(), Map.of(),
                "dead_letter.id");
        BulkOperation operation = assertInstanceOf(BulkOperation.class, replay.apply(hit("upsert:3:1", null,
                "{\"dead_letter\": {\"id\": \"original-7\", \"error\": {\"type\": \"x\"}}, \"price\": \"abc\"}"),
                BulkOperation.Action.INDEX));
        assertEquals("original-7", operation.id());
        assertEquals("{\"price\":\"abc\"}", operation.body().toString());
        // A top-level field of the very name comes first, wherever it stands.
        CopyTransform dotted = new CopyTransform(List.of(), List.of(), Map.of(), Map.of(), "a.b");
        assertEquals("top", assertInstanceOf(BulkOperation.class, dotted.apply(hit("1", null,
                "{\"a.b\": \"top\", \"a\": {\"b\": \"nested\"}}"), BulkOperation.Action.INDEX)).id());
        assertInstanceOf(BulkItem.Refused.class, replay.apply(hit("2", null, "{\"dead_letter\": {}}"),
                BulkOperation.Action.INDEX));
    }

    @Test
    void aRenameTargetIsOverwrittenOnlyWhenTheRenamedFieldIsThereAndSetWinsOverBoth() throws Exception {
        CopyTransform transform = new CopyTransform(List.of(), List.of(), Map.of("old", "name"),
                Map.of("fixed", JSON.readTree("{\"k\": [1, 2]}")), null);
        assertEquals(JSON.readTree("{\"name\": \"from-old\", \"fixed\": {\"k\": [1, 2]}}"), body(transform,
                "{\"name\": \"kept?\", \"old\": \"from-old\", \"fixed\": 0}"));
        assertEquals(JSON.readTree("{\"name\": \"kept\", \"fixed\": {\"k\": [1, 2]}}"), body(transform,
                "{\"name\": \"kept\"}"));
    }

    @Test
    void valuesAreCopiedAsTheBytesTheyWere() throws Exception {
        CopyTransform transform = new CopyTransform(List.of(), List.of("drop"), Map.of("a", "b"), Map.of(), null);
        BulkOperation operation = assertInstanceOf(BulkOperation.class, transform.apply(hit("1", null,
                "{\"a\": 1.10, \"drop\": {\"x\": [1, 2]}, \"s\": \"caf\\u00e9 \\\"q\\\"\", \"n\": [1e3, -0.0, {\"y\": null}],"
                        + " \"big\": 123456789012345678901234567890}"), BulkOperation.Action.INDEX));
        assertEquals("{\"b\":1.10,\"s\":\"caf\\u00e9 \\\"q\\\"\",\"n\":[1e3, -0.0, {\"y\": null}],"
                + "\"big\":123456789012345678901234567890}", operation.body().toString());
    }

    private static JsonNode body(CopyTransform transform, String source) throws Exception {
        BulkOperation operation = assertInstanceOf(BulkOperation.class,
                transform.apply(hit("1", null, source), BulkOperation.Action.INDEX));
        return JSON.readTree(operation.body().utf8());
    }

    private static Hit hit(String id, String routing, String source) {
        return new Hit("source", id, routing, null, RawJson.of(source.getBytes(StandardCharsets.UTF_8)), null);
    }
}
