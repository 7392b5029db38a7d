package dev.esfunctions.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.errors.FunctionException;

class ScanPositionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCursorCarriesEverythingTheNextPageNeeds() throws Exception {
        ScanPosition position = ScanPosition.start("logs", json("{\"term\": {\"a\": 1}}"), json("[{\"n\": \"asc\"}]"),
                json("[\"n\"]"), 500).after("pit-id", json("[42, 7]"));
        ScanPosition back = ScanPosition.fromCursor(position.toCursor());
        assertEquals(position, back);
    }

    @Test
    void aCursorIsUrlSafe() {
        String cursor = ScanPosition.start("logs", json("{\"match\": {\"t\": \"??>>\"}}"), null, null, 10)
                .after("a+b/c==", json("[1]")).toCursor();
        assertEquals(cursor, java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }

    @Test
    void whatIsNotACursorOfOursIsRefused() {
        for (String cursor : new String[] { "not-a-cursor", "", encode("{}"), encode("[]"),
                encode("{\"index\": \"a\", \"pit\": \"p\", \"after\": [1]}"),
                encode("{\"index\": \"a\", \"pit\": \"p\", \"after\": 1, \"size\": 10}") }) {
            FunctionException refused = assertThrows(FunctionException.class, () -> ScanPosition.fromCursor(cursor));
            assertEquals(400, refused.status(), cursor);
            assertEquals("invalid_cursor", refused.type(), cursor);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
