package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.esfunctions.cluster.RequestBodyAdmission.BodyBlocks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/** How a body is held as it arrives: the pieces as they came where they are large, small ones copied into blocks. */
class BodyBlocksTest {

    private final Random random = new Random(23);

    @Test
    void fullPiecesAreKeptAsTheyCameNotCopied() {
        List<ByteBuf> pieces = List.of(piece(8192), piece(8192), piece(4096), piece(8192));
        BodyBlocks body = new BodyBlocks(28_672);
        pieces.forEach(body::add);
        CompositeByteBuf whole = (CompositeByteBuf) body.whole();
        assertEquals(4, whole.numComponents());
        for (int i = 0; i < pieces.size(); i++) {
            assertSame(pieces.get(i).array(), whole.internalComponent(i).array(), "piece " + i + " not copied");
        }
        assertArrayEquals(concatenated(pieces), ByteBufUtil.getBytes(whole));
    }

    @Test
    void aPieceThatIsPartOfALargerBufferIsCopiedNotKept() {
        // Behind TLS, Vert.x hands on a slice of the decrypted record, which may hold more than the piece.
        ByteBuf record = piece(16_384);
        ByteBuf piece = Unpooled.unreleasableBuffer(record.slice(100, 8192).slice());
        byte[] expected = ByteBufUtil.getBytes(piece);
        BodyBlocks body = new BodyBlocks(8192);
        body.add(piece);
        CompositeByteBuf whole = (CompositeByteBuf) body.whole();
        assertNotSame(record.array(), whole.internalComponent(0).array(), "copied");
        assertEquals(8192, whole.internalComponent(0).array().length, "into a block of its own length");
        assertArrayEquals(expected, ByteBufUtil.getBytes(whole));
    }

    @Test
    void aSmallPieceStartsABlockThatTakesEveryPieceUntilItIsFull() {
        // A caller alternating pieces of one byte and of 4 KB leaves no block mostly empty: 64 KB blocks, full.
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        BodyBlocks body = new BodyBlocks(Long.MAX_VALUE);
        for (int i = 0; i < 64; i++) {
            ByteBuf piece = piece(i % 2 == 0 ? 1 : 4096);
            sent.writeBytes(ByteBufUtil.getBytes(piece));
            body.add(piece);
        }
        CompositeByteBuf whole = (CompositeByteBuf) body.whole();
        assertArrayEquals(sent.toByteArray(), ByteBufUtil.getBytes(whole));
        for (int i = 0; i < whole.numComponents() - 1; i++) {
            assertEquals(BodyBlocks.BLOCK, whole.internalComponent(i).capacity(), "block " + i + " full");
        }
    }

    @Test
    void theLastBlockOfABodyWithALengthIsSizedToWhatIsLeft() {
        BodyBlocks body = new BodyBlocks(300);
        List<ByteBuf> pieces = List.of(piece(100), piece(200));
        pieces.forEach(body::add);
        CompositeByteBuf whole = (CompositeByteBuf) body.whole();
        assertEquals(1, whole.numComponents());
        assertEquals(300, whole.internalComponent(0).capacity());
        assertArrayEquals(concatenated(pieces), ByteBufUtil.getBytes(whole));
    }

    private ByteBuf piece(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return Unpooled.wrappedBuffer(bytes);
    }

    private static byte[] concatenated(List<ByteBuf> pieces) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        pieces.forEach(piece -> all.writeBytes(ByteBufUtil.getBytes(piece, 0, piece.capacity())));
        return all.toByteArray();
    }
}
