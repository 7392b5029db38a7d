package dev.esfunctions.bulk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Cuts a stream of encoded operations into {@code _bulk} requests at {@code maxCount} operations or
 * {@code maxBytes} of NDJSON, whichever comes first; an operation larger than {@code maxBytes} goes alone. Fed
 * serially; batch numbers come from the run, so that they are unique across the writes of one run.
 */
final class BatchCutter {

    /**
     * An operation's NDJSON lines as the parts they are written from (its action line, and its document's bytes as
     * they came, between fixed wrappers: not copied into one array), with what the retry policy needs to know of it
     * and the document it writes ({@code index} is the operation's own, or null for the run's). {@code operation} is
     * what it was encoded from and {@code source} the document's bytes as they go out (null for a delete), from which
     * a dead letter is written. {@code starts}, null for most, is where each part starts in its array: a dead letter
     * writes its source from after the opening brace.
     */
    record EncodedOperation(BulkOperation operation, byte[] source, byte[][] parts, int[] starts, int length) {

        static EncodedOperation of(BulkOperation operation, byte[] source, byte[]... parts) {
            return sliced(operation, source, parts, null);
        }

        static EncodedOperation sliced(BulkOperation operation, byte[] source, byte[][] parts, int[] starts) {
            int length = 0;
            for (int i = 0; i < parts.length; i++) {
                length += parts[i].length - (starts == null ? 0 : starts[i]);
            }
            return new EncodedOperation(operation, source, parts, starts, length);
        }

        /** Part {@code i}'s bytes, without a copy. */
        ByteBuffer part(int i) {
            int start = starts == null ? 0 : starts[i];
            return ByteBuffer.wrap(parts[i], start, parts[i].length - start);
        }

        String index() {
            return operation.index();
        }

        String id() {
            return operation.id();
        }

        boolean idempotent() {
            return operation.idempotent();
        }
    }

    record Batch(int number, List<EncodedOperation> operations) {
    }

    private final int maxCount;
    private final long maxBytes;
    private final IntSupplier numbers;
    private List<EncodedOperation> current = new ArrayList<>();
    private long currentBytes;

    BatchCutter(int maxCount, long maxBytes, IntSupplier numbers) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.numbers = numbers;
    }

    /** The batches that {@code operation} completes: none, one, or two (the one it did not fit in, and itself). */
    List<Batch> add(EncodedOperation operation) {
        List<Batch> full = new ArrayList<>(2);
        if (!current.isEmpty() && currentBytes + operation.length() > maxBytes) {
            full.add(take());
        }
        current.add(operation);
        currentBytes += operation.length();
        if (current.size() >= maxCount) {
            full.add(take());
        }
        return full;
    }

    /** What is left when the stream ends. */
    List<Batch> drain() {
        return current.isEmpty() ? List.of() : List.of(take());
    }

    private Batch take() {
        Batch batch = new Batch(numbers.getAsInt(), current);
        current = new ArrayList<>();
        currentBytes = 0;
        return batch;
    }
}
