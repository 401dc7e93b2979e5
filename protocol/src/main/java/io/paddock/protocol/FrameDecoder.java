package io.paddock.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the client byte stream into frames: a 4-byte big-endian length, then that many bytes, emitted
 * as a byte[] without the prefix. The very first four bytes may instead be a {@link FourLetterWord}.
 * A negative length or one over jute.maxbuffer is refused before a byte of it is buffered: ZooKeeper
 * closes such a connection, and so do we (the handler closes on the exception).
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean first = true;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
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
                throw new CorruptedFrameException("negative frame length " + length);
            }
            if (length > maxFrameBytes) {
                throw new TooLongFrameException("frame of " + length + " bytes is over jute.maxbuffer ("
                        + maxFrameBytes + ")");
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
    }
}
