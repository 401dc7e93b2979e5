package io.paddock.server.sm;

import io.paddock.protocol.ErrorCode;

/**
 * An expected failure while preparing a request, carried up to where it becomes an error txn or an
 * error reply. Never a bug: those are {@link io.paddock.server.base.Check} violations.
 */
final class OpFailure extends Exception {
    final ErrorCode code;

    OpFailure(ErrorCode code) {
        super(code.name(), null, false, false);
        this.code = code;
    }
}
