package io.paddock.server.net.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Answers a four-letter word on the connection it arrived on, then closes it, as ZooKeeper does.
 * The text comes from the admin layer, computed off the network thread.
 */
public final class FourLetterWordHandler {
    private final Function<String, CompletableFuture<String>> commands;

    public FourLetterWordHandler(Function<String, CompletableFuture<String>> commands) {
        this.commands = commands;
    }

    void answer(Channel channel, String word) {
        channel.config().setAutoRead(false);
        commands.apply(word).whenComplete((text, error) -> {
            String out = error == null ? text : "error: " + error.getMessage() + "\n";
            channel.writeAndFlush(Unpooled.copiedBuffer(out, StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
        });
    }
}
