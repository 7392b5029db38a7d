package dev.esfunctions.bulk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.entity.HttpAsyncContentProducer;

import dev.esfunctions.bulk.BatchCutter.EncodedOperation;

/**
 * The NDJSON body of one {@code _bulk} request, written to the connection straight from its operations' parts: a
 * document's bytes go out from the array they were parsed into, with no copy of the batch (which would be a large
 * array per request in flight, allocated outside the young generation). The client's I/O thread pulls it as the
 * socket takes it; it is repeatable, so the client may send it again from the start.
 */
final class BulkBody extends AbstractHttpEntity implements HttpAsyncContentProducer {

    private final List<EncodedOperation> operations;
    private final long length;
    // Where production stands: only the client's I/O thread of this request touches these.
    private int operation;
    private int part;
    private ByteBuffer current;

    BulkBody(List<EncodedOperation> operations, String contentType) {
        this.operations = operations;
        this.length = operations.stream().mapToLong(EncodedOperation::length).sum();
        setContentType(contentType);
    }

    @Override
    public void produceContent(ContentEncoder encoder, IOControl control) throws IOException {
        while (true) {
            if (current == null || !current.hasRemaining()) {
                current = next();
                if (current == null) {
                    encoder.complete();
                    return;
                }
            }
            encoder.write(current);
            if (current.hasRemaining()) {
                return; // the channel is full: the reactor calls again when it can take more
            }
        }
    }

    private ByteBuffer next() {
        while (operation < operations.size()) {
            EncodedOperation current = operations.get(operation);
            if (part < current.parts().length) {
                return current.part(part++);
            }
            operation++;
            part = 0;
        }
        return null;
    }

    /** Back to the start, for the next time the body is sent. */
    @Override
    public void close() {
        operation = 0;
        part = 0;
        current = null;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public InputStream getContent() {
        return new SequenceInputStream(Collections.enumeration(operations.stream()
                .flatMap(op -> IntStream.range(0, op.parts().length).mapToObj(op::part))
                .map(bytes -> (InputStream) new ByteArrayInputStream(bytes.array(), bytes.position(),
                        bytes.remaining())).toList()));
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (EncodedOperation op : operations) {
            for (int i = 0; i < op.parts().length; i++) {
                ByteBuffer bytes = op.part(i);
                out.write(bytes.array(), bytes.position(), bytes.remaining());
            }
        }
    }

    @Override
    public boolean isStreaming() {
        return false;
    }
}
