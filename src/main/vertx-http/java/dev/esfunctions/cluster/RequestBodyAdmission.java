package dev.esfunctions.cluster;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.esfunctions.errors.FunctionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Admits a call's body to the {@link MemoryBudget} before it is read: Quarkus reads a whole body into memory before
 * Funqy parses it, so the memory it will take (the body as read, and the documents parsed from it, which go to
 * {@code _bulk} without another copy) is reserved first, from {@code Content-Length} (or the body limit, for a body
 * sent in chunks), and held until the answer is sent. A body that does not fit is never buffered: it is read and
 * dropped, and the caller is answered 503 with {@code Retry-After} (413 when it could never fit) once it has sent it,
 * so that it reads the answer rather than a reset connection. A caller that hangs up does not end the hold: the call
 * it brought runs on, holding its documents, until it ends ({@link CallHolds}). It also notes when the request
 * arrived, before its body is read, which is where the call's clock starts ({@link CallArrivals}).
 */
@ApplicationScoped
public class RequestBodyAdmission implements CallHolds, CallArrivals {

    /** The body as read, and the documents parsed from it. */
    static final int HELD_PER_BODY_BYTE = 2;
    private static final String ARRIVED = RequestBodyAdmission.class.getName() + ".arrived";

    private final MemoryBudget budget;
    private final CurrentVertxRequest current;
    private final long maxBodySize;

    RequestBodyAdmission(MemoryBudget budget, CurrentVertxRequest current,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.budget = budget;
        this.current = current;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        // Before Quarkus's body handler, which would read a body into memory.
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1).handler(this::admit);
        // After it: it resumes the request, finds the admitted body marked as read, and passes it on unread.
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).handler(this::read);
    }

    private void admit(RoutingContext context) {
        context.put(ARRIVED, System.nanoTime());
        HttpServerRequest request = context.request();
        if (request.method() != HttpMethod.POST) {
            context.next();
            return;
        }
        long bodyBytes = declaredLength(request);
        if (bodyBytes > maxBodySize) {
            context.next(); // the body handler refuses it with 413, naming the limit
            return;
        }
        MemoryBudget.Reservation reservation;
        try {
            reservation = budget.reserve(HELD_PER_BODY_BYTE * bodyBytes, "a request body of " + bodyBytes + " bytes");
        } catch (FunctionException refused) {
            if (expectsContinue(request)) {
                // The caller waits for a go-ahead before it sends the body: it gets the answer instead, and the
                // connection, on which a body may yet come, is not used again.
                context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                context.fail(refused);
            } else if (request.isEnded()) {
                context.fail(refused);
            } else {
                request.handler(dropped -> {
                });
                request.endHandler(ended -> context.fail(refused));
                request.resume();
            }
            return;
        }
        BodyHold hold = new BodyHold(reservation, bodyBytes);
        context.put(BodyHold.KEY, hold);
        context.addEndHandler(ended -> hold.leave());
        ((RoutingContextInternal) context).visitHandler(RoutingContextInternal.BODY_HANDLER);
        context.next();
    }

    /**
     * Reads the admitted body in place of Quarkus's body handler, which copies it into one buffer that grows by copies
     * as it comes (its preallocation stops at 64 KB): for a body of 10 MB, about 20 MB of arrays allocated and dropped,
     * and at the last copy, twice the body held at once, more than the budget counts. Here the pieces Vert.x delivers
     * are kept, and only small ones copied, into blocks of at most 64 KB ({@link BodyBlocks}): no array for G1 to
     * allocate as a humongous object.
     */
    private void read(RoutingContext context) {
        BodyHold hold = context.get(BodyHold.KEY);
        if (hold == null) {
            context.next(); // not admitted: Quarkus's body handler read it, or refused it
            return;
        }
        HttpServerRequest request = context.request();
        if (request.getHeader(HttpHeaders.EXPECT) != null) {
            if (!expectsContinue(request)) {
                context.fail(417);
                return;
            }
            if (request.version() != HttpVersion.HTTP_1_0) {
                context.response().writeContinue();
            }
        }
        BodyBlocks body = new BodyBlocks(hold.bodyBytes);
        if (request.isEnded()) {
            bodyRead(context, body);
            return;
        }
        request.handler(piece -> {
            if (context.failed()) {
                return; // refused as too large: the rest is read and dropped
            }
            if (body.length() + piece.length() > maxBodySize) {
                body.drop();
                context.fail(413);
                return;
            }
            body.add(piece.getByteBuf());
        });
        request.exceptionHandler(failure -> {
            if (failure instanceof DecoderException malformed) {
                context.fail(400, malformed.getCause() == null ? malformed : malformed.getCause());
            } else {
                context.fail(failure);
            }
        });
        request.endHandler(ended -> {
            if (!context.failed()) {
                bodyRead(context, body);
            }
        });
        request.resume();
    }

    private static void bodyRead(RoutingContext context, BodyBlocks body) {
        ((RoutingContextInternal) context).setBody(Buffer.buffer(body.whole()));
        context.next();
    }

    /**
     * A body as one composite buffer over the pieces Vert.x delivered, each its own copy of what the connection read
     * (8 KB at most on HTTP/1.1, its chunk size; 16 KB on HTTP/2, a frame), where they are of {@value #KEPT_PIECE}
     * bytes or more and the whole of their buffer (behind TLS or decompression, a piece may be a slice of a larger
     * buffer, whose rest it would keep alive, unseen by the budget: it is copied); a smaller piece is
     * copied into a block of at most 64 KB (the last one of a body with a length sized to what is left of it), which
     * then takes every piece until it is full, so that no block is left mostly empty. A piece costs a buffer and its
     * bookkeeping, about 140 bytes, whatever its size: kept as they came, the pieces of a caller that sends its body a
     * byte at a time would make a body of 16 MB take gigabytes; all copied, each byte of a body that came in full
     * pieces was copied once more than it need be, 10 MB of garbage for a call of 10 MB.
     */
    static final class BodyBlocks {
        static final int BLOCK = 64 * 1024;
        /** At most 140 bytes of bookkeeping for 4,096 of body: 3.4 %; for full pieces of 8 KB, 1.7 %. */
        static final int KEPT_PIECE = 4096;

        private final long declared;
        private final CompositeByteBuf blocks = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        private ByteBuf current;

        /** {@code declared}: the most the body can be ({@link #declaredLength}). */
        BodyBlocks(long declared) {
            this.declared = declared;
        }

        long length() {
            return blocks.readableBytes() + (current == null ? 0 : current.readableBytes());
        }

        void add(ByteBuf piece) {
            if (current == null && piece.readableBytes() >= KEPT_PIECE && wholeOfItsBuffer(piece)) {
                blocks.addComponent(true, piece);
                return;
            }
            while (piece.isReadable()) {
                if (current == null) {
                    long left = declared - length();
                    int size = left >= piece.readableBytes() ? (int) Math.min(BLOCK, left) : BLOCK;
                    current = Unpooled.buffer(size, size);
                }
                current.writeBytes(piece, Math.min(piece.readableBytes(), current.writableBytes()));
                if (!current.isWritable()) {
                    blocks.addComponent(true, current);
                    current = null;
                }
            }
        }

        /** Whether the piece is all of the memory it keeps: Vert.x's copy is a slice of an array of its length. */
        private static boolean wholeOfItsBuffer(ByteBuf piece) {
            ByteBuf buffer = piece;
            while (buffer.unwrap() != null) {
                buffer = buffer.unwrap();
            }
            return buffer.capacity() == piece.readableBytes();
        }

        /** What was refused need not be held while the rest of it is read and dropped. */
        void drop() {
            blocks.removeComponents(0, blocks.numComponents());
            current = null;
        }

        ByteBuf whole() {
            if (current != null) {
                blocks.addComponent(true, current);
                current = null;
            }
            return blocks;
        }
    }

    /** The function call that the current exchange brought joins its body's hold, and leaves it when it ends. */
    @Override
    public Held callStarted() {
        RoutingContext exchange = current.getCurrent();
        BodyHold hold = exchange == null ? null : exchange.get(BodyHold.KEY);
        return hold != null && hold.join() ? new Held(HELD_PER_BODY_BYTE * hold.bodyBytes, hold::leave) : Held.NOTHING;
    }

    @Override
    public OptionalLong arrivedNanos() {
        RoutingContext exchange = current.getCurrent();
        Long arrived = exchange == null ? null : exchange.get(ARRIVED);
        return arrived == null ? OptionalLong.empty() : OptionalLong.of(arrived);
    }

    /**
     * A body's reservation, held by the exchange and by the call it brought: given back when the last of them ends
     * (the exchange ends first, unless the caller hung up while the call ran on).
     */
    static final class BodyHold {
        static final String KEY = BodyHold.class.getName();

        private final MemoryBudget.Reservation reservation;
        /** The most the body can be, as admitted ({@link #declaredLength}). */
        private final long bodyBytes;
        private final AtomicInteger holders = new AtomicInteger(1);

        BodyHold(MemoryBudget.Reservation reservation, long bodyBytes) {
            this.reservation = reservation;
            this.bodyBytes = bodyBytes;
        }

        /** Whether one more holder joined: not once the hold has been given back. */
        boolean join() {
            for (int now = holders.get(); now > 0; now = holders.get()) {
                if (holders.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
            return false;
        }

        void leave() {
            if (holders.decrementAndGet() == 0) {
                reservation.close();
            }
        }
    }

    /** Whether the caller waits for a go-ahead before it sends its body ({@code Expect: 100-continue}). */
    private static boolean expectsContinue(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true);
    }

    /**
     * The body's length as the caller declared it; a body sent in chunks (or on an HTTP/2 stream without a length)
     * may be as large as the limit; an HTTP/1.1 request with neither header has none.
     */
    private long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                    ? maxBodySize : 0;
        }
        try {
            return Math.max(0, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return maxBodySize;
        }
    }
}
