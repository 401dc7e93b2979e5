package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client-port framer on an {@link EmbeddedChannel}: how reads are cut into frames, when four bytes are a
 * four-letter word, and which lengths are refused before a byte of the body is buffered. ZooKeeper's NIO and
 * Netty connections refuse {@code len < 0 || len > jute.maxbuffer}, and look for a four-letter word only
 * while the connection is not yet initialized.
 */
class FrameDecoderTest {
    private static final int MAX_FRAME_BYTES = 64;

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME_BYTES));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void oneFrameInOneReadComesOutWithoutItsPrefix() {
        channel.writeInbound(frames(bytes(1, 2, 3)));

        assertArrayEquals(bytes(1, 2, 3), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void aFrameSplitIntoSingleBytesComesOutOnceComplete() {
        byte[] wire = toArray(frames(bytes(9, 8, 7, 6, 5)));
        for (int i = 0; i < wire.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {wire[i]}));
            assertNull(channel.readInbound(), "emitted a frame after " + (i + 1) + " of " + wire.length + " bytes");
        }
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {wire[wire.length - 1]}));

        assertArrayEquals(bytes(9, 8, 7, 6, 5), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void aPrefixSplitAcrossReadsIsReassembled() {
        byte[] wire = toArray(frames(bytes(1, 2)));
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, 2));
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 2, 3));
        assertNull(channel.readInbound());
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 5, wire.length - 5));

        assertArrayEquals(bytes(1, 2), channel.readInbound());
    }

    @Test
    void severalFramesInOneReadComeOutInOrder() {
        channel.writeInbound(frames(bytes(1), bytes(2, 2), bytes(), bytes(3, 3, 3)));

        assertArrayEquals(bytes(1), channel.readInbound());
        assertArrayEquals(bytes(2, 2), channel.readInbound());
        assertArrayEquals(bytes(), channel.readInbound());
        assertArrayEquals(bytes(3, 3, 3), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void aReadEndingInsideTheNextFrameKeepsItsStart() {
        byte[] wire = toArray(frames(bytes(1, 1), bytes(2, 2, 2)));
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, 9));
        assertArrayEquals(bytes(1, 1), channel.readInbound());
        assertNull(channel.readInbound());

        channel.writeInbound(Unpooled.wrappedBuffer(wire, 9, wire.length - 9));
        assertArrayEquals(bytes(2, 2, 2), channel.readInbound());
    }

    @Test
    void aFourLetterWordAsTheFirstBytesIsAWordNotALength() {
        channel.writeInbound(ascii("ruok"));

        assertEquals(new FourLetterWord("ruok"), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void everyKnownWordIsRecognisedAtTheStart() {
        for (String word : FourLetterWord.KNOWN) {
            EmbeddedChannel fresh = new EmbeddedChannel(new FrameDecoder(MAX_FRAME_BYTES));
            fresh.writeInbound(ascii(word));
            assertEquals(new FourLetterWord(word), fresh.readInbound(), word);
            fresh.finishAndReleaseAll();
        }
    }

    @Test
    void aFourLetterWordSplitAcrossReadsIsRecognisedOnceComplete() {
        channel.writeInbound(ascii("st"));
        assertNull(channel.readInbound());
        channel.writeInbound(ascii("at"));

        assertEquals(new FourLetterWord("stat"), channel.readInbound());
    }

    @Test
    void bytesAfterAFourLetterWordAreDropped() {
        // nc sends "ruok\n": the newline must not be taken for the start of a frame.
        channel.writeInbound(ascii("ruok\n\0\0\0\1x"));

        assertEquals(new FourLetterWord("ruok"), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void anUnknownWordAtTheStartIsALengthAndTooLong() {
        // "abcd" read as a big-endian length is 1,633,837,924 bytes.
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(ascii("abcd")));
        assertNull(channel.readInbound());
    }

    @Test
    void aFourLetterWordAfterTheFirstFrameIsALength() {
        channel.writeInbound(frames(bytes(1, 2, 3)));
        assertArrayEquals(bytes(1, 2, 3), channel.readInbound());

        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(ascii("ruok")));
        assertNull(channel.readInbound());
    }

    @Test
    void aFourLetterWordInTheSameReadAfterTheFirstFrameIsALength() {
        ByteBuf wire = Unpooled.wrappedBuffer(toArray(frames(bytes(7))), "srvr".getBytes(StandardCharsets.US_ASCII));

        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(wire));
        assertArrayEquals(bytes(7), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void aFourLetterWordIsALengthWhenTheMaximumAllowsIt() {
        // With a huge jute.maxbuffer, "ruok" after the first frame is just a long frame still arriving.
        EmbeddedChannel big = new EmbeddedChannel(new FrameDecoder(Integer.MAX_VALUE));
        big.writeInbound(frames(bytes(1)));
        assertArrayEquals(bytes(1), big.readInbound());

        big.writeInbound(ascii("ruok"));
        assertNull(big.readInbound());
        big.finishAndReleaseAll();
    }

    @Test
    void aNegativeLengthIsRefused() {
        assertThrows(CorruptedFrameException.class, () -> channel.writeInbound(prefix(-1)));
        assertNull(channel.readInbound());
    }

    @Test
    void theMostNegativeLengthIsRefused() {
        assertThrows(CorruptedFrameException.class, () -> channel.writeInbound(prefix(Integer.MIN_VALUE)));
    }

    @Test
    void aNegativeLengthAfterGoodFramesIsRefused() {
        ByteBuf wire = Unpooled.wrappedBuffer(toArray(frames(bytes(5))), toArray(prefix(-100)));

        assertThrows(CorruptedFrameException.class, () -> channel.writeInbound(wire));
        assertArrayEquals(bytes(5), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void aLengthOverTheMaximumIsRefusedFromThePrefixAlone() {
        // No body follows: the decoder must not wait for (or buffer) a frame it will refuse anyway.
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(prefix(MAX_FRAME_BYTES + 1)));
        assertNull(channel.readInbound());
    }

    @Test
    void twoGigabytesIsRefused() {
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(prefix(Integer.MAX_VALUE)));
    }

    @Test
    void afterARefusalLaterBytesAreDroppedAndTheRefusalIsNotRaisedAgain() {
        ByteBuf wire = Unpooled.wrappedBuffer(toArray(prefix(MAX_FRAME_BYTES + 1)), toArray(frames(bytes(1))));
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(wire));

        channel.writeInbound(frames(bytes(2), bytes(3)));
        assertNull(channel.readInbound());
        // Closing hands the decoder its leftovers (channelInputClosed): nothing to decode, nothing to throw.
        assertFalse(channel.finish());
    }

    @Test
    void exactlyTheMaximumIsAccepted() {
        byte[] body = new byte[MAX_FRAME_BYTES];
        body[0] = 1;
        body[MAX_FRAME_BYTES - 1] = 2;
        channel.writeInbound(frames(body));

        assertArrayEquals(body, channel.readInbound());
    }

    @Test
    void anEmptyFrameIsEmittedForTheCodecToRefuse() {
        channel.writeInbound(prefix(0));

        byte[] frame = channel.readInbound();
        assertEquals(0, frame.length);
    }

    @Test
    void aMaximumThatIsNotPositiveIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(0));
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(-1));
    }

    @Test
    void theDecoderHoldsNoBytesAfterWholeFrames() {
        ByteBuf wire = frames(bytes(1, 2), bytes(3));
        channel.writeInbound(wire);

        assertEquals(0, wire.refCnt(), "the decoder released the input");
        assertEquals(2, channel.inboundMessages().size());
    }

    // ---- pausing: a channel that does not auto-read gets no frames

    @Test
    void aPausedChannelGetsNoFramesUntilResumedWithAnEmptyRead() {
        channel.config().setAutoRead(false);
        channel.writeInbound(frames(bytes(1), bytes(2)));
        assertNull(channel.readInbound());

        resume(channel);

        assertArrayEquals(bytes(1), channel.readInbound());
        assertArrayEquals(bytes(2), channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void aPauseTakesEffectAtTheNextFrameOfTheSameRead() {
        ReadCounter reads = new ReadCounter();
        EmbeddedChannel pausing = new EmbeddedChannel(reads, new FrameDecoder(MAX_FRAME_BYTES),
                new PauseAfterEachFrame());

        pausing.writeInbound(frames(bytes(1), bytes(2), bytes(3)));
        assertArrayEquals(bytes(1), pausing.readInbound());
        assertNull(pausing.readInbound(), "a frame got past the pause");
        // More bytes arriving while paused wait too, and no further read is asked for.
        reads.count = 0;
        pausing.writeInbound(frames(bytes(4)));
        assertNull(pausing.readInbound());
        assertEquals(0, reads.count, "reads asked for while paused");

        resume(pausing);
        assertArrayEquals(bytes(2), pausing.readInbound());
        assertNull(pausing.readInbound());
        resume(pausing);
        assertArrayEquals(bytes(3), pausing.readInbound());
        resume(pausing);
        assertArrayEquals(bytes(4), pausing.readInbound());
        resume(pausing);
        assertNull(pausing.readInbound());
        pausing.finishAndReleaseAll();
    }

    @Test
    void aFrameStillArrivingOnAPausedChannelIsCompletedAfterTheResume() {
        byte[] wire = toArray(frames(bytes(5, 6, 7)));
        channel.config().setAutoRead(false);
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, 5));
        resume(channel);
        assertNull(channel.readInbound());

        channel.writeInbound(Unpooled.wrappedBuffer(wire, 5, wire.length - 5));
        assertArrayEquals(bytes(5, 6, 7), channel.readInbound());
    }

    @Test
    void aPausedChannelStillRefusesABadLengthWhenResumed() {
        channel.config().setAutoRead(false);
        channel.writeInbound(prefix(-5));

        assertThrows(CorruptedFrameException.class, () -> resume(channel));
    }

    /** What the server does to resume a paused connection: auto-read again, then an empty read. */
    private static void resume(EmbeddedChannel channel) {
        channel.config().setAutoRead(true);
        channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        channel.pipeline().fireChannelReadComplete();
        channel.checkException();
    }

    /** Pauses the channel after every frame, as the server does for a client over its in-flight limit. */
    private static final class PauseAfterEachFrame extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.channel().config().setAutoRead(false);
            ctx.fireChannelRead(msg);
        }
    }

    /** Counts the reads asked of the channel. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void read(ChannelHandlerContext ctx) throws Exception {
            count++;
            super.read(ctx);
        }
    }

    // ---- helpers

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static ByteBuf frames(byte[]... bodies) {
        int total = 0;
        for (byte[] body : bodies) {
            total += 4 + body.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] body : bodies) {
            out.putInt(body.length).put(body);
        }
        return Unpooled.wrappedBuffer(out.array());
    }

    private static ByteBuf prefix(int length) {
        return Unpooled.wrappedBuffer(ByteBuffer.allocate(4).putInt(length).array());
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] toArray(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        buf.release();
        return out;
    }
}
