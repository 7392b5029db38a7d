package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.esfunctions.bulk.BatchCutter.Batch;
import dev.esfunctions.bulk.BatchCutter.EncodedOperation;

class BatchCutterTest {

    private final AtomicInteger numbers = new AtomicInteger();

    @Test
    void cutsAtTheCountAndNumbersBatchesFromTheRun() {
        BatchCutter cutter = new BatchCutter(3, Long.MAX_VALUE, numbers::incrementAndGet);
        List<Batch> batches = feed(cutter, 10, 10);
        assertEquals(List.of(3, 3, 3, 1), sizes(batches));
        assertEquals(List.of(1, 2, 3, 4), batches.stream().map(Batch::number).toList());
    }

    @Test
    void cutsBeforeTheOperationThatWouldPassTheByteLimit() {
        BatchCutter cutter = new BatchCutter(1000, 25, numbers::incrementAndGet);
        List<Batch> batches = feed(cutter, 7, 10);
        assertEquals(List.of(2, 2, 2, 1), sizes(batches), "two 10-byte operations fit in 25 bytes, three do not");
    }

    @Test
    void anOperationLargerThanTheByteLimitGoesAlone() {
        BatchCutter cutter = new BatchCutter(1000, 25, numbers::incrementAndGet);
        List<Batch> batches = new ArrayList<>(cutter.add(operation("small", 10)));
        batches.addAll(cutter.add(operation("huge", 100)));
        batches.addAll(cutter.add(operation("after", 10)));
        batches.addAll(cutter.drain());
        assertEquals(List.of(List.of("small"), List.of("huge"), List.of("after")), ids(batches));
    }

    @Test
    void drainsNothingWhenTheLastBatchWasFull() {
        BatchCutter cutter = new BatchCutter(2, Long.MAX_VALUE, numbers::incrementAndGet);
        cutter.add(operation("a", 1));
        assertEquals(1, cutter.add(operation("b", 1)).size());
        assertEquals(List.of(), cutter.drain());
    }

    private static List<Batch> feed(BatchCutter cutter, int count, int bytes) {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.addAll(cutter.add(operation("op-" + i, bytes)));
        }
        batches.addAll(cutter.drain());
        return batches;
    }

    private static EncodedOperation operation(String id, int bytes) {
        return EncodedOperation.of(new BulkOperation(BulkOperation.Action.INDEX, null, id, null, null, null, null),
                null, new byte[bytes]);
    }

    private static List<Integer> sizes(List<Batch> batches) {
        return batches.stream().map(batch -> batch.operations().size()).toList();
    }

    private static List<List<String>> ids(List<Batch> batches) {
        return batches.stream().map(batch -> batch.operations().stream().map(EncodedOperation::id).toList()).toList();
    }
}
