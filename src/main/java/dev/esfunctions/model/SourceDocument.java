package dev.esfunctions.model;

import java.io.IOException;

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
            JsonNode id = null;
            JsonNode routing = null;
            JsonNode ifSeqNo = null;
            JsonNode ifPrimaryTerm = null;
            ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
            try (JsonGenerator body = BODIES.createGenerator(bytes)) {
                body.writeStartObject();
                for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                    json.nextToken();
                    switch (field) {
                        case "_id" -> id = context.readTree(json);
                        case "_routing" -> routing = context.readTree(json);
                        case "_ifSeqNo" -> ifSeqNo = context.readTree(json);
                        case "_ifPrimaryTerm" -> ifPrimaryTerm = context.readTree(json);
                        default -> {
                            body.writeFieldName(field);
                            // Exact: a decimal keeps every digit the caller sent, where a double would round it.
                            body.copyCurrentStructureExact(json);
                        }
                    }
                }
                body.writeEndObject();
            }
            return new SourceDocument(JsonNodeType.OBJECT, id, routing, ifSeqNo, ifPrimaryTerm,
                    RawJson.ofOneLine(bytes.toByteArray()));
        }

        @Override
        public SourceDocument getNullValue(DeserializationContext context) {
            return NULL;
        }
    }
}
