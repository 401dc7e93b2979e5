package io.paddock.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the client byte stream into frames: a 4-byte big-endian length, then that many bytes, emitted
 * as a byte[] without the prefix. The very first four bytes may instead be a {@link FourLetterWord}.
 *
 * <p>A negative length or one over jute.maxbuffer is refused before a byte of it is buffered: ZooKeeper
 * closes such a connection, and so do we (the handler closes on the exception). After a refusal the stream
 * cannot be framed again, so every later byte is dropped unread; the refusal is raised exactly once, not
 * again when the closing channel hands the decoder its leftover bytes.
 *
 * <p>A channel that does not auto-read is paused (the server stops taking requests from a client with too
 * many in flight): no frame is emitted while it is, even from bytes already read, and no further read is
 * asked for. The bytes wait here; whoever resumes the channel fires an empty read to have them decoded.
 * Frames go out one per decode step, so a pause takes effect at the very next frame.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean first = true;
    private boolean refused;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!ctx.channel().config().isAutoRead() || in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (first) {
            FourLetterWord word = FourLetterWord.fromLength(length);
            if (word != null) {
                in.skipBytes(in.readableBytes());
                out.add(word);
                return;
            }
        }
        if (length < 0) {
            throw refuse(in, new CorruptedFrameException("negative frame length " + length));
        }
        if (length > maxFrameBytes) {
            throw refuse(in, new TooLongFrameException("frame of " + length
                    + " bytes is over jute.maxbuffer (" + maxFrameBytes + ")"));
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        byte[] frame = new byte[length];
        in.readBytes(frame);
        first = false;
        out.add(frame);
    }

    /**
     * ByteToMessageDecoder asks for one more read when a read yielded no message on a channel that does not
     * auto-read, which suits a frame that is still arriving. A paused channel yields nothing on purpose, and
     * reading on would buffer whatever the client sends without bound, so it is not asked to.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().config().isAutoRead()) {
            super.channelReadComplete(ctx);
            return;
        }
        discardSomeReadBytes();
        ctx.fireChannelReadComplete();
    }

    private DecoderException refuse(ByteBuf in, DecoderException reason) {
        refused = true;
        in.skipBytes(in.readableBytes());
        return reason;
    }
}
