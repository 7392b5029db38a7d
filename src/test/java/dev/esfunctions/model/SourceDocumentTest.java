package dev.esfunctions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A document is taken from the body's bytes as it came, but for its metadata fields, on every way a body reaches the
 * reader (a stream read in buffers, a stream that gives a few bytes at a time, an array) and wherever a document falls
 * against the parser's buffers; a tree, which has no bytes, gives the same documents rebuilt.
 */
class SourceDocumentTest {

    private static final ObjectMapper FUNQY = funqyMapper();
    /** Reads numbers as they were written, to compare documents digit for digit. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String[] METADATA = { "\"_routing\": \"r\"", "\"_ifSeqNo\": 3", "\"_ifPrimaryTerm\": 1" };

    private static ObjectMapper funqyMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new RejectUnknownFields().customize(mapper);
        new BodyWindow.Reading().customize(mapper);
        return mapper.copy();
    }

    @Test
    void documentsAreTheirBytesLessTheMetadataWhereverTheyFallAgainstTheParsersBuffers() throws Exception {
        Random random = new Random(42);
        List<String> expected = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"index\": \"x\", \"docs\": [\n");
        for (int i = 0; i < 400; i++) {
            List<String> content = new ArrayList<>();
            for (int f = 0; f < 1 + random.nextInt(6); f++) {
                content.add(field(random, f));
            }
            expected.add("{" + String.join(",", content) + "}");
            List<String> fields = new ArrayList<>(content);
            // The _id and other metadata anywhere: first, last, between two runs of the document's own fields.
            fields.add(random.nextInt(fields.size() + 1), "\"_id\": \"" + i + "\"");
            if (random.nextBoolean()) {
                fields.add(random.nextInt(fields.size() + 1), METADATA[random.nextInt(METADATA.length)]);
            }
            String separator = switch (random.nextInt(3)) {
                case 0 -> ",";
                case 1 -> " ,\n  ";
                default -> ",\r\n\t";
            };
            body.append(i == 0 ? "" : ",").append(random.nextBoolean() ? "{" : "{\n ")
                    .append(String.join(separator, fields)).append(random.nextBoolean() ? "}" : " \n}");
        }
        body.append("]}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        assertFalse(bytes.length < 20 * 8000, "the body spans many of the parser's buffers");

        assertDocuments(expected, FUNQY.readValue(new ByteArrayInputStream(bytes), UpsertRequest.class));
        assertDocuments(expected, FUNQY.readValue(new Trickle(new ByteArrayInputStream(bytes), random),
                UpsertRequest.class));
        assertDocuments(expected, FUNQY.readValue(bytes, UpsertRequest.class));
        assertDocuments(expected, FUNQY.readValue(FUNQY.readTree(bytes).traverse(FUNQY), UpsertRequest.class));
    }

    @Test
    void aDocumentOfNothingButMetadataIsAnEmptyObjectAndAnEntryThatIsNotADocumentIsNamed() throws Exception {
        UpsertRequest request = FUNQY.readValue(new ByteArrayInputStream("""
                {"index": "x", "docs": [{"_id": "1"}, {}, 7, {"_id": "2", "a": {"_id": "kept"}}]}
                """.getBytes(StandardCharsets.UTF_8)), UpsertRequest.class);
        assertEquals("{}", request.docs().get(0).body().toString());
        assertEquals("1", request.docs().get(0).id().asText());
        assertEquals("{}", request.docs().get(1).body().toString());
        assertNull(request.docs().get(1).id());
        assertNull(request.docs().get(2).body());
        assertEquals("{\"a\": {\"_id\": \"kept\"}}", request.docs().get(3).body().toString());
    }

    private static void assertDocuments(List<String> expected, UpsertRequest request) throws IOException {
        assertEquals(expected.size(), request.docs().size());
        Iterator<SourceDocument> docs = request.docs().iterator();
        int oneLine = 0;
        for (int i = 0; i < expected.size(); i++) {
            SourceDocument doc = docs.next();
            String text = doc.body().toString();
            if (doc.body().oneLine()) {
                oneLine++;
                assertFalse(text.contains("\n") || text.contains("\r"), "document " + i + " is not one line: " + text);
            }
            assertEquals(Integer.toString(i), doc.id().asText());
            JsonNode want = EXACT.readTree(expected.get(i));
            JsonNode got = EXACT.readTree(doc.body().utf8());
            assertEquals(want, got, "document " + i + ": " + doc.body());
            assertEquals(names(want), names(got), "document " + i + " keeps its fields in order");
        }
        assertTrue(oneLine > 0, "a document read on one line is known to be one, and is not searched for breaks");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A field of a document: decimals with every digit, escapes, text of 1 to 4 UTF-8 bytes a character, nesting. */
    private static String field(Random random, int f) {
        String value = switch (random.nextInt(6)) {
            case 0 -> "12345678901234567890.10";
            case 1 -> "\"caf\u00e9 \u20ac \uD83D\uDE00 \\\"quoted\\\" \\u00e9\"";
            case 2 -> "{\"nested\": [1, 2.50, {\"deep\": null}], \"t\": true}";
            case 3 -> "\"" + "x".repeat(random.nextInt(3000)) + "\"";
            case 4 -> "[ ]";
            default -> "-0.0e-7";
        };
        return "\"f" + f + "\"" + (random.nextBoolean() ? ":" : " : ") + value;
    }

    /** A stream that gives a few bytes at a time, as a slow connection may. */
    private static final class Trickle extends FilterInputStream {

        private final Random random;

        Trickle(InputStream in, Random random) {
            super(in);
            this.random = random;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return super.read(buffer, offset, Math.min(length, 1 + random.nextInt(700)));
        }
    }
}
