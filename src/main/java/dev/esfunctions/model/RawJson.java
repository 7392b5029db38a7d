package dev.esfunctions.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * A JSON value held as the UTF-8 bytes it was read as (a document's source, a hit's sort values, the
 * aggregations), written to an answer or a request as it is: no tree is built for what es-functions only passes
 * on. The bytes are valid JSON by construction: each is a slice of a parsed answer or a generator's output.
 */
@JsonSerialize(using = RawJson.Writer.class)
public final class RawJson {

    private final byte[] utf8;
    private final boolean oneLine;

    private RawJson(byte[] utf8, boolean oneLine) {
        this.utf8 = utf8;
        this.oneLine = oneLine;
    }

    /** Takes the array as it is: the caller hands it over and keeps no reference. */
    public static RawJson of(byte[] utf8) {
        return new RawJson(utf8, false);
    }

    /**
     * The same, for bytes known to hold no line break: a generator's output without a pretty printer and without raw
     * values, which writes whitespace nowhere and escapes it in strings, or a document its parser read on one line.
     */
    public static RawJson ofOneLine(byte[] utf8) {
        return new RawJson(utf8, true);
    }

    /**
     * The value at the parser as the slice of {@code input} it spans, the parser being one made over {@code input}
     * (its offsets are offsets into it); the parser is left on the value's last token.
     */
    public static RawJson slice(JsonParser json, byte[] input) throws IOException {
        int start = Math.toIntExact(json.currentTokenLocation().getByteOffset());
        json.skipChildren();
        json.finishToken();
        return new RawJson(Arrays.copyOfRange(input, start, Math.toIntExact(json.currentLocation().getByteOffset())),
                false);
    }

    /** Whether the bytes are known to hold no line break (else they may: a source as it was indexed, say). */
    public boolean oneLine() {
        return oneLine;
    }

    /** The value's bytes, not a copy: never to be changed. */
    public byte[] utf8() {
        return utf8;
    }

    /** Writes the value where the generator stands: UTF-8 generators copy the bytes as they are. */
    public void writeTo(JsonGenerator json) throws IOException {
        json.writeRawValue(new Utf8(utf8));
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static final class Writer extends StdSerializer<RawJson> {

        Writer() {
            super(RawJson.class);
        }

        @Override
        public void serialize(RawJson value, JsonGenerator json, SerializerProvider provider) throws IOException {
            value.writeTo(json);
        }
    }

    /**
     * The raw bytes as Jackson's {@link SerializableString}: a UTF-8 generator appends them with no decoding; the
     * others (a writer, a token buffer) ask for the text.
     */
    private record Utf8(byte[] bytes) implements SerializableString {

        @Override
        public String getValue() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String text = getValue();
            if (offset + text.length() > buffer.length) {
                return -1;
            }
            text.getChars(0, text.length(), buffer, offset);
            return text.length();
        }

        @Override
        public int writeQuotedUTF8(java.io.OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int writeUnquotedUTF8(java.io.OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < bytes.length) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }
    }
}
