package dev.esfunctions.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.errors.FunctionException;

class CursorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = Base64.getEncoder().encodeToString("a-key-of-this-deployment-0123456789".getBytes());
    private static final String OTHER = Base64.getEncoder().encodeToString("a-key-of-another-deployment-0123456".getBytes());

    private final Cursors signed = new Cursors(Optional.of(KEY), Optional.empty(), Optional.empty());
    private final ScanPosition position = ScanPosition.start("logs", json("{\"term\": {\"a\": 1}}"),
            json("[{\"n\": \"asc\"}]"), json("[\"n\"]"), 500, null).after("pit-id", json("[42, 7]"));

    @Test
    void aCursorCarriesEverythingTheNextPageNeedsAndIsUrlSafe() {
        String cursor = signed.encode(position);
        assertEquals(position, signed.decode(cursor));
        assertEquals(cursor, java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        Cursors unsigned = new Cursors(Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(position, unsigned.decode(unsigned.encode(position)));
    }

    @Test
    void aSliceOfASharedPointInTimeTravelsInTheCursor() {
        ScanPosition slice = ScanPosition.start("logs", null, null, null, 100, null).sliceOf("shared-pit",
                new ScanSlice(2, 4));
        ScanPosition decoded = signed.decode(signed.encode(slice));
        assertEquals(slice, decoded);
        assertEquals(new ScanSlice(2, 4), decoded.slice());
        assertTrue(decoded.sharedPit(), "no slice closes the point-in-time the others read");
        Cursors unsigned = new Cursors(Optional.empty(), Optional.empty(), Optional.empty());
        assertRefused(unsigned, encode("{\"v\": 1, \"index\": \"a\", \"pit\": \"p\", \"after\": null, "
                + "\"size\": 10, \"slice\": {\"id\": 4, \"max\": 4}}"), "");
    }

    @Test
    void aTamperedForeignOrUnsignedCursorIsRefused() {
        String cursor = signed.encode(position);
        String body = cursor.substring(0, cursor.indexOf('.'));
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).replace("pit-id", "other-pit")
                        .getBytes(StandardCharsets.UTF_8)) + cursor.substring(cursor.indexOf('.'));
        assertRefused(signed, tampered, "does not verify");
        assertRefused(signed, new Cursors(Optional.of(OTHER), Optional.empty(), Optional.empty()).encode(position),
                "does not verify");
        assertRefused(signed, body, "not signed");
        assertRefused(new Cursors(Optional.empty(), Optional.empty(), Optional.empty()), cursor, "no key to verify");
    }

    @Test
    void aKeyBeingRotatedOutStillVerifies() {
        String old = new Cursors(Optional.of(OTHER), Optional.empty(), Optional.empty()).encode(position);
        Cursors rotating = new Cursors(Optional.of(KEY), Optional.of(OTHER), Optional.empty());
        assertEquals(position, rotating.decode(old));
        assertEquals(signed.encode(position), rotating.encode(position), "new cursors are signed with the new key");
    }

    @Test
    void duringARollingDeployEachVersionAcceptsTheOthersCursors() {
        Cursors before = new Cursors(Optional.of(OTHER), Optional.empty(), Optional.of(KEY));
        Cursors after = new Cursors(Optional.of(KEY), Optional.of(OTHER), Optional.empty());
        assertEquals(position, before.decode(after.encode(position)), "an instance not yet rotated reads a new cursor");
        assertEquals(position, after.decode(before.encode(position)), "a rotated instance reads an old cursor");
        assertRefused(new Cursors(Optional.of(OTHER), Optional.empty(), Optional.empty()), after.encode(position),
                "does not verify");
    }

    @Test
    void aCursorOfAnotherVersionOrNotACursorAtAllIsRefused() {
        Cursors unsigned = new Cursors(Optional.empty(), Optional.empty(), Optional.empty());
        assertRefused(unsigned, encode("{\"v\": 0, \"index\": \"a\", \"pit\": \"p\", \"after\": [1], \"size\": 10}"),
                "another version");
        for (String cursor : new String[] { "not-a-cursor!", "", encode("{}"), encode("[]"), encode("null"),
                encode("{\"v\": 1, \"index\": \"a\", \"pit\": \"p\", \"after\": 1, \"size\": 10}") }) {
            assertRefused(unsigned, cursor, "");
        }
    }

    @Test
    void aKeyThatIsTooShortOrNotBase64StopsTheStartNamingTheSettingNotTheValue() {
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> new Cursors(Optional.of(Base64.getEncoder().encodeToString("short".getBytes())), Optional.empty(),
                        Optional.empty()));
        assertTrue(shortKey.getMessage().contains("es-functions.cursor.key") && shortKey.getMessage().contains("32"));
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> new Cursors(Optional.of("not base64!"), Optional.empty(), Optional.empty()));
        assertTrue(!notBase64.getMessage().contains("not base64!"), "the value is not repeated");
    }

    private static void assertRefused(Cursors cursors, String cursor, String why) {
        FunctionException refused = assertThrows(FunctionException.class, () -> cursors.decode(cursor), cursor);
        assertEquals(400, refused.status());
        assertEquals("invalid_cursor", refused.type());
        assertTrue(refused.reason().contains(why), refused.reason());
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
