package dev.esfunctions.model;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/**
 * One entry of an upsert's {@code docs}, read straight off the request body: the metadata fields ({@code _id},
 * {@code _routing}, {@code _ifSeqNo}, {@code _ifPrimaryTerm}) as the caller gave them, to be checked, and the rest of
 * the document as the JSON bytes that go to {@code _bulk}, with no tree built for it. An entry that is not an object
 * has only its {@code type}, to name it in the refusal.
 */
@JsonDeserialize(using = SourceDocument.Reader.class)
public record SourceDocument(JsonNodeType type, JsonNode id, JsonNode routing, JsonNode ifSeqNo,
        JsonNode ifPrimaryTerm, RawJson body) {

    static final class Reader extends StdDeserializer<SourceDocument> {

        private static final JsonFactory BODIES = new JsonFactory();
        private static final SourceDocument NULL = new SourceDocument(JsonNodeType.NULL, null, null, null, null, null);

        Reader() {
            super(SourceDocument.class);
        }

        @Override
        public SourceDocument deserialize(JsonParser json, DeserializationContext context) throws IOException {
            if (!json.isExpectedStartObjectToken()) {
                return new SourceDocument(context.readTree(json).getNodeType(), null, null, null, null, null);
            }
            if (json.getInputSource() instanceof BodyWindow body
                    && body.pin(json.currentTokenLocation().getByteOffset())) {
                try {
                    return taken(json, context, body);
                } finally {
                    body.unpin();
                }
            }
            return rebuilt(json, context);
        }

        /**
         * The document's fields but its metadata, as the body holds them: a run of fields between two metadata fields
         * (or a brace) is taken as it came, from its first field's name to its last value. The parser only skips what
         * it takes: no string of the document is decoded.
         */
        private static SourceDocument taken(JsonParser json, DeserializationContext context, BodyWindow body)
                throws IOException {
            Metadata metadata = new Metadata();
            // The parser counts lines as it skips white space: a document that ends on the line it started on holds
            // no line break, and need not be searched for one.
            int firstLine = json.currentTokenLocation().getLineNr();
            // The braces, and each run of fields let in before the closing one, after a comma but for the first.
            byte[] bytes = { '{', '}' };
            long runStart = -1;
            for (String field = json.nextFieldName(); ; field = json.nextFieldName()) {
                // Where this field's name starts, or the closing brace: where a run of fields before it ends.
                long at = json.currentTokenLocation().getByteOffset();
                boolean content = field != null && !Metadata.isMetadata(field);
                if (!content && runStart >= 0) {
                    long runEnd = valueEnd(body, runStart, at);
                    int into = bytes.length - 1;
                    boolean comma = into > 1;
                    bytes = Arrays.copyOf(bytes, bytes.length + (comma ? 1 : 0) + Math.toIntExact(runEnd - runStart));
                    if (comma) {
                        bytes[into++] = ',';
                    }
                    body.copy(runStart, runEnd, bytes, into);
                    runStart = -1;
                }
                if (field == null) {
                    break;
                }
                json.nextToken();
                if (content) {
                    runStart = runStart < 0 ? at : runStart;
                    json.skipChildren();
                } else {
                    metadata.read(field, json, context);
                }
            }
            bytes[bytes.length - 1] = '}';
            // A body may break its lines anywhere between tokens: the bulk request makes such a document one line.
            return metadata.document(json.currentTokenLocation().getLineNr() == firstLine ? RawJson.ofOneLine(bytes)
                    : RawJson.of(bytes));
        }

        /**
         * Where the last value before {@code next} (a field name or the closing brace) ends: before the comma and the
         * white space that separate them.
         */
        private static long valueEnd(BodyWindow body, long from, long next) {
            long end = next;
            boolean comma = false;
            while (end > from) {
                byte b = body.at(end - 1);
                if (b == ',' && !comma) {
                    comma = true;
                } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    break;
                }
                end--;
            }
            return end;
        }

        /** The document rebuilt token by token, for a parser with no bytes to take it from (a tree's). */
        private static SourceDocument rebuilt(JsonParser json, DeserializationContext context) throws IOException {
            Metadata metadata = new Metadata();
            ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
            try (JsonGenerator body = BODIES.createGenerator(bytes)) {
                body.writeStartObject();
                for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                    json.nextToken();
                    if (Metadata.isMetadata(field)) {
                        metadata.read(field, json, context);
                    } else {
                        body.writeFieldName(field);
                        // Exact: a decimal keeps every digit the caller sent, where a double would round it.
                        body.copyCurrentStructureExact(json);
                    }
                }
                body.writeEndObject();
            }
            return metadata.document(RawJson.ofOneLine(bytes.toByteArray()));
        }

        @Override
        public SourceDocument getNullValue(DeserializationContext context) {
            return NULL;
        }
    }

    /** The metadata fields of one document, as they are read. */
    private static final class Metadata {

        private JsonNode id;
        private JsonNode routing;
        private JsonNode ifSeqNo;
        private JsonNode ifPrimaryTerm;

        static boolean isMetadata(String field) {
            return switch (field) {
                case "_id", "_routing", "_ifSeqNo", "_ifPrimaryTerm" -> true;
                default -> false;
            };
        }

        void read(String field, JsonParser json, DeserializationContext context) throws IOException {
            JsonNode value = context.readTree(json);
            switch (field) {
                case "_id" -> id = value;
                case "_routing" -> routing = value;
                case "_ifSeqNo" -> ifSeqNo = value;
                default -> ifPrimaryTerm = value;
            }
        }

        SourceDocument document(RawJson body) {
            return new SourceDocument(JsonNodeType.OBJECT, id, routing, ifSeqNo, ifPrimaryTerm, body);
        }
    }
}
