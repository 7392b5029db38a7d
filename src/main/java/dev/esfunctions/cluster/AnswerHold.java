package dev.esfunctions.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.http.ContentTooLongException;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.AbstractAsyncResponseConsumer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.HttpContext;
import org.elasticsearch.client.HttpAsyncResponseConsumerFactory;

import dev.esfunctions.errors.FunctionException;

/**
 * How the client reads the answers to one request: each into one array of the length the cluster declares (no copies
 * as it grows, no second copy for the reader), held in the {@link MemoryBudget} from its first byte until the gateway
 * has read it (the bytes, and what is parsed from them). The answer to a read that the budget cannot hold now is not
 * kept: its bytes are read and dropped, and the read fails as refused for now, having changed nothing. The answer to
 * a write says what was applied, so it is always kept: its writer made room for it before sending.
 */
final class AnswerHold implements HttpAsyncResponseConsumerFactory {

    /** The answer's bytes, and what is parsed from them (a hit's source is a slice of them, copied once). */
    static final int HELD_PER_ANSWER_BYTE = 2;
    private static final int UNKNOWN_LENGTH_START = 8192;

    private final MemoryBudget budget;
    private final boolean refusable;
    private final int limit;
    private final String call;
    /** What the call holds from before it started, read here: the answer is held on the client's I/O thread. */
    private final Long callHolds = CallMemory.held();
    private final Queue<MemoryBudget.Reservation> held = new ConcurrentLinkedQueue<>();
    // Set once the request has ended: an attempt still reading (cancelled, timed out) holds nothing more from then.
    private volatile boolean released;

    AnswerHold(MemoryBudget budget, boolean refusable, String call) {
        this.budget = budget;
        this.refusable = refusable;
        // One answer may hold at most half the budget, so that it never shuts out every other call; a larger one is
        // refused as too large, as the client's own buffer limit would. An answer sent in chunks declares no length:
        // it is known to be too large only once it has grown to the limit, which this leaves room for.
        this.limit = (int) Math.min(Integer.MAX_VALUE - 8, budget.capacity() / 2 / HELD_PER_ANSWER_BYTE);
        this.call = call;
    }

    /** One consumer per attempt: the client asks again when it sends the request to another node. */
    @Override
    public HttpAsyncResponseConsumer<HttpResponse> createHttpAsyncResponseConsumer() {
        return new Consumer();
    }

    /** The answer's bytes as read, not a copy; fails with the refusal when the budget could not hold them. */
    static byte[] bytes(HttpEntity entity) {
        if (entity instanceof Dropped dropped) {
            throw dropped.refusal;
        }
        return entity instanceof Body body ? body.bytes() : new byte[0];
    }

    /** Gives back what the answers held: once the answer is read, or the request ended without one. */
    void release() {
        released = true;
        for (MemoryBudget.Reservation reservation; (reservation = held.poll()) != null;) {
            reservation.close();
        }
    }

    /**
     * {@code bytes} more held for the answer, or the refusal: for a read that the budget cannot hold now (an error's
     * answer, and a write's, are always held).
     */
    private FunctionException hold(long bytes, boolean answered) {
        MemoryBudget.Reservation reservation;
        if (refusable && answered) {
            try {
                reservation = budget.reserve(HELD_PER_ANSWER_BYTE * bytes, "the answer to " + call, callHolds);
            } catch (FunctionException refused) {
                return refused;
            }
        } else {
            reservation = budget.reserveAnyway(HELD_PER_ANSWER_BYTE * bytes);
        }
        held.add(reservation);
        if (released) {
            release(); // the request ended while this attempt read on: nothing may stay held
        }
        return null;
    }

    private static final class Body extends ByteArrayEntity {
        Body(byte[] bytes, ContentType type) {
            super(bytes, type);
        }

        byte[] bytes() {
            return content;
        }
    }

    /** An answer read and dropped: what the caller is told instead. */
    private static final class Dropped extends ByteArrayEntity {
        private final FunctionException refusal;

        Dropped(FunctionException refusal) {
            super(new byte[0], ContentType.APPLICATION_JSON);
            this.refusal = refusal;
        }
    }

    /** Runs on the client's I/O thread, one call at a time. */
    private final class Consumer extends AbstractAsyncResponseConsumer<HttpResponse> {
        private HttpResponse response;
        private ContentType type;
        private byte[] bytes;
        private int length;
        private FunctionException refusal;
        private boolean answered;

        @Override
        protected void onResponseReceived(HttpResponse received) {
            response = received;
            // An error's answer is what the caller is told: it is kept, whatever its size (an error is short).
            answered = received.getStatusLine().getStatusCode() < 300;
        }

        @Override
        protected void onEntityEnclosed(HttpEntity entity, ContentType contentType) throws IOException {
            type = contentType;
            long declared = entity.getContentLength();
            if (declared > limit) {
                throw new ContentTooLongException("the answer is " + declared + " bytes, more than the " + limit
                        + " bytes one answer may hold in this instance's memory budget (half of it)");
            }
            int size = declared < 0 ? UNKNOWN_LENGTH_START : (int) declared;
            refusal = hold(size, answered);
            bytes = new byte[refusal != null ? UNKNOWN_LENGTH_START : size];
        }

        @Override
        protected void onContentReceived(ContentDecoder decoder, IOControl control) throws IOException {
            // The decoder knows when the answer is complete (its declared length, or the last chunk): a full buffer
            // is grown only for more that is still to come.
            while (!decoder.isCompleted()) {
                if (refusal == null && length == bytes.length) {
                    grow();
                    continue;
                }
                int read = refusal != null ? decoder.read(ByteBuffer.wrap(bytes))
                        : decoder.read(ByteBuffer.wrap(bytes, length, bytes.length - length));
                if (read <= 0) {
                    return;
                }
                if (refusal == null) {
                    length += read;
                }
            }
        }

        /** An answer of undeclared length, or longer than declared, doubles (and holds what it adds). */
        private void grow() throws ContentTooLongException {
            if (bytes.length >= limit) {
                throw new ContentTooLongException("the answer is more than the " + limit
                        + " bytes one answer may hold in this instance's memory budget (half of it)");
            }
            int larger = (int) Math.min(limit, Math.max(UNKNOWN_LENGTH_START, 2L * bytes.length));
            refusal = hold(larger - bytes.length, answered);
            bytes = refusal != null ? new byte[UNKNOWN_LENGTH_START] : Arrays.copyOf(bytes, larger);
        }

        @Override
        protected HttpResponse buildResult(HttpContext context) {
            if (refusal != null) {
                response.setEntity(new Dropped(refusal));
            } else if (bytes != null) {
                response.setEntity(new Body(length == bytes.length ? bytes : Arrays.copyOf(bytes, length), type));
            }
            return response;
        }

        @Override
        protected void releaseResources() {
            // What the answer holds is given back by the gateway once it has read it (release).
        }
    }
}
