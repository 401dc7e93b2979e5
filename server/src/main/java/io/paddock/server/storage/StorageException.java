package io.paddock.server.storage;

/** A write that did not happen: the caller fails the affected requests and may retry later. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
