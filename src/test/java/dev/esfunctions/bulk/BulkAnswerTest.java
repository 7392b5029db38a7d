package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.model.DocumentError;

/**
 * How a {@code _bulk} answer becomes one outcome per operation ({@link BulkAnswer}): read from its tokens, and read
 * the same as its tree reads, whatever the answer holds.
 */
class BulkAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<EncodedOperation> deletes(int count) {
        return IntStream.range(0, count).mapToObj(i -> EncodedOperation.of(BulkOperation.delete(null, "id-" + i, null),
                null, new byte[0])).toList();
    }

    private static List<DocumentOutcome> outcomes(String answer, int operations) throws Exception {
        List<DocumentOutcome> read = BulkAnswer.outcomes(3, deletes(operations),
                answer.getBytes(StandardCharsets.UTF_8));
        List<DocumentOutcome> asTree = BulkAnswer.outcomes(3, deletes(operations), JSON.readTree(answer).path("items"));
        assertEquals(asTree.toString(), read.toString(), answer);
        return read;
    }

    @Test
    void eachItemIsTheOutcomeOfItsOperationInOrder() throws Exception {
        assertEquals(List.of(
                new DocumentOutcome("id-0", "updated", null, null, 3, 0),
                new DocumentOutcome("id-1", null, new DocumentError("id-1", 409, "version_conflict_engine_exception",
                        "version conflict"), null, 3, 0),
                new DocumentOutcome("id-2", "not_found", null, null, 3, 0)),
                outcomes("""
                        {"items":[
                         {"update":{"status":200,"result":"updated"}},
                         {"create":{"error":{"reason":"version conflict","type":"version_conflict_engine_exception"},
                           "status":409}},
                         {"delete":{"result":"not_found","status":404}}]}""", 3));
    }

    @Test
    void whatTheFilterWouldHaveLeftOutIsPassedOver() throws Exception {
        // As a proxy that drops filter_path would send it, and an error with a cause.
        assertEquals(List.of(
                new DocumentOutcome("id-0", "created", null, null, 3, 0),
                new DocumentOutcome("id-1", null, new DocumentError("id-1", 400, "mapper_parsing_exception",
                        "failed to parse"), null, 3, 0)),
                outcomes("""
                        {"took":3,"errors":true,"items":[
                         {"index":{"_index":"a","_id":"id-0","_version":1,"result":"created","_shards":{"total":2,
                           "successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}},
                         {"index":{"_index":"a","_id":"id-1","status":400,"error":{"type":"mapper_parsing_exception",
                           "reason":"failed to parse","caused_by":{"type":"x","reason":"y"},"root_cause":[{}]}}}],
                         "ingest_took":0}""", 2));
    }

    @Test
    void typesElasticsearchNeverSendsAreReadAsTheTreeReadsThem() throws Exception {
        // A status beyond an int, a decimal, a string, null; an error's type as a number; duplicate fields.
        for (String item : List.of("{\"index\":{\"status\":4294967296,\"result\":\"created\"}}",
                "{\"index\":{\"status\":1e20,\"error\":{\"type\":\"x\",\"reason\":\"y\"}}}",
                "{\"index\":{\"status\":\"409\",\"error\":{\"type\":\"x\",\"reason\":\"y\"}}}",
                "{\"index\":{\"status\":null,\"result\":\"created\"}}",
                "{\"index\":{\"status\":400,\"error\":{\"type\":1e3,\"reason\":1.50}}}",
                "{\"index\":{\"error\":3,\"result\":\"created\"}}",
                "{\"index\":{\"result\":\"created\",\"result\":\"updated\"}}")) {
            outcomes("{\"items\":[" + item + "]}", 1);
        }
    }

    @Test
    void anAnswerOfAnotherShapeFailsTheWholeRequestAsUnreadableNotAsDocumentsWritten() throws Exception {
        for (String answer : List.of(
                "{\"items\":[{\"delete\":{\"status\":200,\"result\":\"deleted\"}}]}", // fewer items than operations
                "{\"errors\":false}", // no items at all
                "{\"items\":{\"a\":1,\"b\":2}}", // not a list
                "{\"items\":[{},{\"delete\":{\"status\":200,\"result\":\"deleted\"}}]}", // an item naming no action
                "{\"items\":[{\"delete\":{\"status\":200}},{\"delete\":{\"status\":200,\"result\":\"deleted\"}}]}",
                "{\"items\":[3,{\"delete\":{\"status\":200,\"result\":\"deleted\"}}]}",
                // more items than operations; an item naming two actions; a result that is not text
                "{\"items\":[{\"delete\":{\"result\":\"deleted\"}},{\"delete\":{\"result\":\"deleted\"}},{}]}",
                "{\"items\":[{\"delete\":{\"result\":\"deleted\"},\"index\":{\"result\":\"created\"}},{}]}",
                "{\"items\":[{\"delete\":{\"result\":1}},{\"delete\":{\"result\":\"deleted\"}}]}",
                "[]")) {
            List<DocumentOutcome> outcomes = outcomes(answer, 2);
            assertEquals(2, outcomes.size(), answer);
            for (DocumentOutcome outcome : outcomes) {
                assertEquals(ClusterFailure.Kind.UNREADABLE_ANSWER, outcome.requestFailure().kind(), answer);
                assertEquals(null, outcome.result(), answer);
                assertEquals("bulk_response_mismatch", outcome.error().type(), answer);
            }
        }
    }
}
