package io.paddock.server.sm;

import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.Response;
import io.paddock.server.watch.Notification;
import java.util.List;

/** What applying one txn produced: the reply for whoever asked, and the watch events it fired. */
public record Outcome(ErrorCode err, Response response, List<Notification> notifications) {
}
