package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyTest {

    @Test
    void busyAnswersHalveTheLimitOnceForTheRequestsSentTogether() {
        AdaptiveConcurrency concurrency = new AdaptiveConcurrency(8, true);
        long sentTogether = concurrency.generation();
        concurrency.answered(sentTogether, true);
        concurrency.answered(sentTogether, true);
        concurrency.answered(sentTogether, true);
        assertEquals(4, concurrency.current(), "three rejections of requests in flight together halve it once");
        concurrency.answered(concurrency.generation(), true);
        concurrency.answered(concurrency.generation(), true);
        concurrency.answered(concurrency.generation(), true);
        concurrency.answered(concurrency.generation(), true);
        assertEquals(1, concurrency.current(), "never below one");
        assertEquals(1, concurrency.lowest());
    }

    @Test
    void aWindowOfCleanAnswersGrowsItByOneUpToTheMaximum() {
        AdaptiveConcurrency concurrency = new AdaptiveConcurrency(4, true);
        concurrency.answered(concurrency.generation(), true);
        assertEquals(2, concurrency.current());
        for (int i = 1; i < 2 * AdaptiveConcurrency.WINDOW_PER_REQUEST; i++) {
            concurrency.answered(concurrency.generation(), false);
        }
        assertEquals(2, concurrency.current(), "a window of clean answers is not yet complete");
        concurrency.answered(concurrency.generation(), false);
        assertEquals(3, concurrency.current());
        for (int i = 0; i < 100; i++) {
            concurrency.answered(concurrency.generation(), false);
        }
        assertEquals(4, concurrency.current());
        assertEquals(2, concurrency.lowest());
    }

    @Test
    void whenNotAdaptiveTheLimitStaysPut() {
        AdaptiveConcurrency concurrency = new AdaptiveConcurrency(4, false);
        concurrency.answered(concurrency.generation(), true);
        assertEquals(4, concurrency.current());
        assertEquals(4, concurrency.lowest());
    }
}
