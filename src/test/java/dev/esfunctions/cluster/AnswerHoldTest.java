package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.http.HttpResponse;
import org.apache.http.HttpVersion;
import org.apache.http.entity.BasicHttpEntity;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

import dev.esfunctions.errors.FunctionException;

/** The client's reading of one answer, as its I/O thread drives it, chunk by chunk. */
class AnswerHoldTest {

    private static final byte[] ANSWER = "{\"hits\": [1, 2, 3]}".repeat(1000).getBytes(StandardCharsets.UTF_8);

    private final MemoryBudget budget = new MemoryBudget(1_000_000, Duration.ofSeconds(2), "es-functions.memory.budget");

    @Test
    void anAnswerOfDeclaredLengthIsReadIntoOneArrayAndHeldTwiceUntilReleased() throws Exception {
        AnswerHold hold = new AnswerHold(budget, true, "POST /a/_search");
        HttpResponse answer = read(hold, 200, ANSWER.length, 7);
        assertEquals(2L * ANSWER.length, budget.held(), "its bytes, and what is parsed from them: no more");
        assertArrayEquals(ANSWER, AnswerHold.bytes(answer.getEntity()));
        hold.release();
        assertEquals(0, budget.held());
    }

    @Test
    void anAnswerInChunksGrowsAsItComesAndIsKeptExactly() throws Exception {
        AnswerHold hold = new AnswerHold(budget, true, "POST /a/_search");
        HttpResponse answer = read(hold, 200, -1, 1000);
        assertArrayEquals(ANSWER, AnswerHold.bytes(answer.getEntity()));
        assertTrue(budget.held() >= 2L * ANSWER.length, "held as it grew: " + budget.held());
        hold.release();
        assertEquals(0, budget.held());
    }

    @Test
    void aReadTheBudgetCannotHoldNowIsDroppedAndRefusedAWriteIsKept() throws Exception {
        try (MemoryBudget.Reservation others = budget.reserve(990_000, "calls in progress")) {
            AnswerHold read = new AnswerHold(budget, true, "POST /a/_search");
            HttpResponse dropped = read(read, 200, ANSWER.length, 4096);
            FunctionException refused = assertThrows(FunctionException.class, () -> AnswerHold.bytes(dropped.getEntity()));
            assertEquals(503, refused.status());
            assertTrue(refused.reason().contains("the answer to POST /a/_search"), refused.reason());
            assertEquals(990_000, budget.held(), "a dropped answer holds nothing");

            AnswerHold write = new AnswerHold(budget, false, "POST /a/_bulk");
            assertArrayEquals(ANSWER, AnswerHold.bytes(read(write, 200, ANSWER.length, 4096).getEntity()));
            write.release();
            AnswerHold error = new AnswerHold(budget, true, "POST /a/_search");
            assertArrayEquals(ANSWER, AnswerHold.bytes(read(error, 400, ANSWER.length, 4096).getEntity()),
                    "an error's answer is what the caller is told: kept");
            error.release();
        }
        assertEquals(0, budget.held());
    }

    @Test
    void anAttemptThatReadsOnAfterTheRequestEndedHoldsNothing() throws Exception {
        AnswerHold hold = new AnswerHold(budget, true, "POST /a/_search");
        hold.release(); // cancelled, or timed out, before the answer came
        read(hold, 200, ANSWER.length, 4096);
        assertEquals(0, budget.held());
    }

    /** The answer as the client's I/O thread gives it to a consumer: headers, then {@code chunk} bytes at a time. */
    private static HttpResponse read(AnswerHold hold, int status, long declaredLength, int chunk) throws Exception {
        HttpAsyncResponseConsumer<HttpResponse> consumer = hold.createHttpAsyncResponseConsumer();
        BasicHttpResponse response = new BasicHttpResponse(HttpVersion.HTTP_1_1, status, "");
        BasicHttpEntity entity = new BasicHttpEntity();
        entity.setContentLength(declaredLength);
        response.setEntity(entity);
        consumer.responseReceived(response);
        ByteBuffer remaining = ByteBuffer.wrap(ANSWER);
        ContentDecoder decoder = new ContentDecoder() {
            @Override
            public int read(ByteBuffer destination) {
                int n = Math.min(Math.min(chunk, destination.remaining()), remaining.remaining());
                if (n == 0) {
                    return remaining.hasRemaining() ? 0 : -1;
                }
                destination.put(remaining.array(), remaining.position(), n);
                remaining.position(remaining.position() + n);
                return n;
            }

            @Override
            public boolean isCompleted() {
                return !remaining.hasRemaining();
            }
        };
        while (!decoder.isCompleted()) {
            consumer.consumeContent(decoder, null);
        }
        consumer.responseCompleted(new BasicHttpContext());
        return consumer.getResult();
    }
}
