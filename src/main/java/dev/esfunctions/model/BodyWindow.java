package dev.esfunctions.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A request body as its parser reads it, with the bytes most recently read still at hand, and from where a document
 * starts until it ends: a document's bytes are then taken from the body as they came ({@link SourceDocument}), where
 * building them again token by token decoded and encoded every string of every document. The parser keeps no bytes
 * it has passed, and a body read from a stream is read in buffers of a few kilobytes; so the window holds the last
 * {@value #RECENT} bytes read, and everything from a pinned offset. A body given as an array is its own window.
 * <p>
 * Every surface reads through it where Funqy parses the body from its bytes (HTTP, Lambda's event, a Knative event's
 * data, a plain POST to Knative); where Funqy parses a tree first (a structured CloudEvent), the parser has no bytes
 * and documents are built again as before.
 */
public final class BodyWindow extends InputStream {

    /** More than the parser's read buffer (8,000 bytes) and what it may carry over from the previous read. */
    static final int RECENT = 16 * 1024;

    private final InputStream in;
    private byte[] window;
    /** The body's offset of {@code window[0]}. */
    private long windowStart;
    /** How many bytes of the window hold the body. */
    private int held;
    /** The body's offset from which nothing is dropped, or -1. */
    private long pinned = -1;
    /** The body's offset of the next byte the parser reads. */
    private long position;

    private BodyWindow(InputStream in, byte[] window, long windowStart, int held) {
        this.in = in;
        this.window = window;
        this.windowStart = windowStart;
        this.held = held;
    }

    /** Keeps the bytes from {@code offset} until {@link #unpin()}, if it still has them. */
    boolean pin(long offset) {
        if (offset < windowStart || offset > windowStart + held) {
            return false;
        }
        pinned = offset;
        return true;
    }

    void unpin() {
        pinned = -1;
    }

    /** The byte at a body offset within the pinned part. */
    byte at(long offset) {
        return window[Math.toIntExact(offset - windowStart)];
    }

    /** Copies the body's bytes from {@code from} (pinned) up to {@code to} into {@code target} at {@code at}. */
    void copy(long from, long to, byte[] target, int at) {
        System.arraycopy(window, Math.toIntExact(from - windowStart), target, at, Math.toIntExact(to - from));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (in == null) { // a body given as an array: the window is the array
            int left = Math.toIntExact(windowStart + held - position);
            if (left == 0) {
                return -1;
            }
            int n = Math.min(left, length);
            System.arraycopy(window, Math.toIntExact(position - windowStart), buffer, offset, n);
            position += n;
            return n;
        }
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            hold(buffer, offset, n);
            position += n;
        }
        return n;
    }

    private void hold(byte[] bytes, int offset, int n) {
        if (held + n > window.length) {
            long keepFrom = Math.max(windowStart, pinned >= 0 ? pinned : windowStart + held - RECENT);
            int drop = Math.toIntExact(keepFrom - windowStart);
            int kept = held - drop;
            byte[] target = kept + n > window.length ? new byte[Math.max(window.length * 2, kept + n)] : window;
            System.arraycopy(window, drop, target, 0, kept);
            window = target;
            windowStart = keepFrom;
            held = kept;
        }
        System.arraycopy(bytes, offset, window, held, n);
        held += n;
    }

    @Override
    public int available() throws IOException {
        return in == null ? Math.toIntExact(windowStart + held - position) : in.available();
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }

    /** Has the application's mapper, and the copies Funqy makes of it, read bodies through a window. */
    @Singleton
    public static class Reading implements ObjectMapperCustomizer {

        @Override
        @SuppressWarnings("deprecation") // the factory is the mapper's own, built already: no builder to give it to
        public void customize(ObjectMapper mapper) {
            mapper.getFactory().setInputDecorator(new InputDecorator() {
                @Override
                public InputStream decorate(IOContext context, InputStream in) {
                    return new BodyWindow(in, new byte[4 * RECENT], 0, 0);
                }

                @Override
                public InputStream decorate(IOContext context, byte[] source, int offset, int length) {
                    return new BodyWindow(null, source, -offset, offset + length);
                }

                @Override
                public Reader decorate(IOContext context, Reader in) {
                    return in; // text has no bytes to keep
                }
            });
        }
    }
}
