package io.paddock.server.sm;

import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.Response;
import io.paddock.protocol.WatchEvent;
import java.util.List;

/**
 * The answer to a read; {@code immediateEvents} are events setWatches owes the client right away (a
 * node changed while it was away), sent before the reply.
 */
public record ReadResult(ErrorCode err, Response response, List<WatchEvent> immediateEvents) {
    static ReadResult ok(Response response) {
        return new ReadResult(ErrorCode.OK, response, List.of());
    }

    static ReadResult error(ErrorCode err) {
        return new ReadResult(err, new Response.Empty(), List.of());
    }
}
