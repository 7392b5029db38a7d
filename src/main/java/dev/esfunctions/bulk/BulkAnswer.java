package dev.esfunctions.bulk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.esfunctions.bulk.BatchCutter.EncodedOperation;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.model.DocumentError;

/**
 * A {@code _bulk} answer read as one outcome per operation: the item's result or error. An answer of another shape,
 * or with another number of items, fails the whole request as unreadable: nothing in it passes for a document written.
 */
final class BulkAnswer {

    private static final ObjectReader ANSWERS = new ObjectMapper().reader();

    private BulkAnswer() {
    }

    /**
     * The outcomes read straight from the answer's tokens, with no tree: an answer of 1,000 items as a tree is about
     * 10,000 nodes and maps, most of the garbage a {@code _bulk} request made in the function, and a seventh of its
     * CPU in the profile. Anything but the shape Elasticsearch sends is read again as a tree, which says what was
     * wrong with it.
     */
    static List<DocumentOutcome> outcomes(int batchNumber, List<EncodedOperation> operations, byte[] answer)
            throws IOException {
        List<DocumentOutcome> read;
        try (JsonParser json = ANSWERS.createParser(answer)) {
            read = itemsAsSent(json, batchNumber, operations);
        }
        return read != null ? read : outcomes(batchNumber, operations, ANSWERS.readTree(answer).path("items"));
    }

    /** The outcomes, or null for an answer of any other shape than one item per operation. */
    private static List<DocumentOutcome> itemsAsSent(JsonParser json, int batchNumber,
            List<EncodedOperation> operations) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        List<DocumentOutcome> outcomes = null;
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken value = json.nextToken();
            if (!field.equals("items")) {
                json.skipChildren();
                continue;
            }
            if (value != JsonToken.START_ARRAY || outcomes != null) {
                return null;
            }
            outcomes = new ArrayList<>(operations.size());
            while (json.nextToken() == JsonToken.START_OBJECT && outcomes.size() < operations.size()) {
                DocumentOutcome outcome = item(json, batchNumber, operations.get(outcomes.size()).id());
                if (outcome == null) {
                    return null;
                }
                outcomes.add(outcome);
            }
            if (json.currentToken() != JsonToken.END_ARRAY) {
                return null;
            }
        }
        return outcomes != null && outcomes.size() == operations.size() ? outcomes : null;
    }

    /**
     * One item, {@code {"<action>": {"status": 200, "result": "updated"}}} or with an {@code error} object in place of
     * the result; null for any other shape or type, even one the tree reads (a status beyond an int, a number as the
     * error's type), so that the tree reads it as it always did.
     */
    private static DocumentOutcome item(JsonParser json, int batchNumber, String id) throws IOException {
        if (json.nextFieldName() == null || json.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int status = 0;
        String result = null;
        ItemError error = null;
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken value = json.nextToken();
            switch (field) {
                case "status" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
                        return null;
                    }
                    status = json.getIntValue();
                }
                case "result" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    result = json.getText();
                }
                case "error" -> {
                    if (value != JsonToken.START_OBJECT || (error = error(json)) == null) {
                        return null;
                    }
                }
                default -> json.skipChildren();
            }
        }
        if (json.nextToken() != JsonToken.END_OBJECT || (error == null && result == null)) {
            return null; // a second action, or neither an error nor a result
        }
        return new DocumentOutcome(id, error == null ? result : null,
                error == null ? null : new DocumentError(id, status, error.type(), error.reason()), null, batchNumber,
                0);
    }

    private record ItemError(String type, String reason) {
    }

    /**
     * The error's type and reason, strings, or null for another type; its other fields (a cause, a stack) are not
     * kept.
     */
    private static ItemError error(JsonParser json) throws IOException {
        String type = "";
        String reason = "";
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken value = json.nextToken();
            boolean text = value == JsonToken.VALUE_STRING;
            switch (field) {
                case "type" -> type = text ? json.getText() : null;
                case "reason" -> reason = text ? json.getText() : null;
                default -> json.skipChildren();
            }
            if (type == null || reason == null) {
                return null;
            }
        }
        return new ItemError(type, reason);
    }

    /** As above, from the answer's {@code items} as a tree. */
    static List<DocumentOutcome> outcomes(int batchNumber, List<EncodedOperation> operations, JsonNode items) {
        if (!items.isArray() || items.size() != operations.size()) {
            return unreadable(batchNumber, operations, "Elasticsearch answered " + (items.isArray()
                    ? items.size() + " items" : "no list of items") + " to a _bulk request of " + operations.size()
                    + " operations");
        }
        List<DocumentOutcome> outcomes = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            String id = operations.get(i).id();
            JsonNode named = items.get(i);
            // An item names one action; any other shape reads as an item without a result or an error.
            JsonNode item = named.size() == 1 ? named.elements().next() : MissingNode.getInstance();
            JsonNode error = item.path("error");
            if (!error.isObject() && !item.path("result").isTextual()) {
                return unreadable(batchNumber, operations, "Elasticsearch answered an item of a _bulk request with "
                        + "neither an error nor a result: " + named);
            }
            DocumentError documentError = error.isObject() ? new DocumentError(id, item.path("status").asInt(),
                    error.path("type").asText(), error.path("reason").asText()) : null;
            outcomes.add(new DocumentOutcome(id, documentError == null ? item.path("result").asText() : null,
                    documentError, null, batchNumber, 0));
        }
        return outcomes;
    }

    private static List<DocumentOutcome> unreadable(int batchNumber, List<EncodedOperation> operations,
            String reason) {
        return BulkPipeline.failedRequest(batchNumber, operations, new ClusterFailure(
                ClusterFailure.Kind.UNREADABLE_ANSWER, "POST _bulk", 0, "bulk_response_mismatch", reason, null));
    }
}
