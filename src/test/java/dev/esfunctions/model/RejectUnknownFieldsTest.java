package dev.esfunctions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.errors.FunctionException;

class RejectUnknownFieldsTest {

    /** The application's mapper as Funqy uses it: customized, copied, then made lenient and case-insensitive. */
    private final ObjectMapper funqy = funqyMapper();

    private static ObjectMapper funqyMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new RejectUnknownFields().customize(mapper);
        return mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true);
    }

    @Test
    void anUnknownFieldIsNamedWithItsPathAndTheAcceptedOnesListed() {
        assertRefused("{\"index\": \"x\", \"qeury\": {}}", SearchRequest.class, "invalid_field",
                "field 'qeury' is unknown; the accepted fields are aggs, allowPartialResults, from, index, query, "
                        + "searchAfter, size, sort, source, trackTotalHits");
        assertRefused("{\"index\": \"x\", \"qeury\": 1}", SearchRequest.class, "invalid_field",
                "field 'qeury' is unknown; the accepted fields are aggs, allowPartialResults, from, index, query, "
                        + "searchAfter, size, sort, source, trackTotalHits");
        assertRefused("{\"operations\": [{\"search\": {\"index\": \"x\", \"Index\": \"y\"}}]}", BatchRequest.class,
                "invalid_field", "field 'operations[0].search.Index' is unknown; the accepted fields are aggs, "
                        + "allowPartialResults, from, index, query, searchAfter, size, sort, source, trackTotalHits");
    }

    @Test
    void aValueOfTheWrongKindNamesTheFieldAndWhatItMustBe() {
        assertRefused("{\"index\": \"x\", \"size\": \"ten\"}", SearchRequest.class, "invalid_field",
                "field 'size' must be a whole number in range, not \"ten\"");
        assertRefused("{\"index\": \"x\", \"size\": [1]}", SearchRequest.class, "invalid_field",
                "field 'size' must be a whole number in range");
        assertRefused("{\"index\": \"x\", \"docs\": \"all\"}", UpsertRequest.class, "invalid_field",
                "field 'docs' must be a list");
        assertRefused("{\"index\": \"x\", \"size\": 99999999999}", SearchRequest.class, "invalid_field",
                "field 'size' is invalid: Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)");
        assertRefused("{\"index\": \"x\", \"mode\": \"overwrite\", \"docs\": []}", UpsertRequest.class,
                "invalid_field", "field 'mode' is invalid: must be one of merge, replace, create, not overwrite");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAnInvalidRequest() {
        assertRefused("[1, 2]", SearchRequest.class, "invalid_request", "the body must be a JSON object");
        assertRefused("1e308", SearchRequest.class, "invalid_request", "the body must be a JSON object");
        assertRefused("{\"index\": \"x\", \"query\": {\"a\": ", SearchRequest.class, "malformed_json",
                "the request body is not valid JSON: Unexpected end-of-input within/between Object entries "
                        + "(line 1, column 31)");
    }

    @Test
    void fieldNamesMatchExactlyAndOnce() {
        assertRefused("{\"Index\": \"x\"}", SearchRequest.class, "invalid_field", "field 'Index' is unknown; the "
                + "accepted fields are aggs, allowPartialResults, from, index, query, searchAfter, size, sort, source, "
                + "trackTotalHits");
        assertRefused("{\"index\": \"x\", \"index\": \"y\"}", SearchRequest.class, "malformed_json",
                "the request body is not valid JSON: Duplicate field 'index' (line 1, column 23)");
    }

    @Test
    void aBodyReadAsATreeFirstFailsTheSameWay() throws Exception {
        // Funqy's Lambda binding reads the event as a tree before it binds the request.
        String deep = "{\"index\": \"x\", \"query\": " + "[".repeat(3000) + "]".repeat(3000) + "}";
        FunctionException tooDeep = assertThrows(FunctionException.class, () -> funqy.readTree(deep));
        assertEquals("the request body is beyond what es-functions reads: Document nesting depth (1001) exceeds the "
                + "maximum allowed (1000)", tooDeep.reason());
        FunctionException cutShort = assertThrows(FunctionException.class,
                () -> funqy.readTree("{\"index\": \"x\", \"docs\": [{\"id\": "));
        assertEquals("malformed_json", cutShort.type(), cutShort.reason());
        assertEquals("x", funqy.readTree("{\"index\": \"x\", \"query\": {\"a\": [1]}}").path("index").asText());
    }

    private void assertRefused(String json, Class<?> type, String expectedType, String expectedReason) {
        FunctionException refused = assertThrows(FunctionException.class, () -> funqy.readValue(json, type), json);
        assertEquals(400, refused.status());
        assertEquals(expectedType, refused.type(), refused.reason());
        assertEquals(expectedReason, refused.reason());
    }
}
