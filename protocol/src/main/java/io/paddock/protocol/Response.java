package io.paddock.protocol;

import java.util.List;

/** A reply body. {@link ResponseCodec} turns each into the jute record ZooKeeper sends for it. */
public sealed interface Response {

    /** No body at all (delete, sync errors, setWatches, checkWatches, errors). */
    record Empty() implements Response {
    }

    record Created(String path) implements Response {
    }

    /** create2 / createContainer / createTTL. */
    record Created2(String path, NodeStat stat) implements Response {
    }

    /** setData, check, exists; for exists the stat is null when the node does not exist. */
    record StatOnly(NodeStat stat) implements Response {
    }

    record Data(byte[] data, NodeStat stat) implements Response {
    }

    record Children(List<String> children) implements Response {
    }

    record Children2(List<String> children, NodeStat stat) implements Response {
    }

    record Acls(List<Acl> acl, NodeStat stat) implements Response {
    }

    record SyncDone(String path) implements Response {
    }

    record ChildCount(int totalNumber) implements Response {
    }

    record Ephemerals(List<String> paths) implements Response {
    }

    /** addWatch answers with an ErrorResponse record of 0. */
    record ErrorBody(int err) implements Response {
    }

    record WhoAmI(List<ClientInfo> clientInfo) implements Response {
    }

    record MultiResults(List<OpResult> results) implements Response {
    }

    record ClientInfo(String authScheme, String user) {
    }

    /** One multi / multiRead result; type is the wire op type of the result header. */
    sealed interface OpResult {
        record Create(String path) implements OpResult {
        }

        record Create2(String path, NodeStat stat) implements OpResult {
        }

        record Delete() implements OpResult {
        }

        record SetData(NodeStat stat) implements OpResult {
        }

        record Check() implements OpResult {
        }

        record GetData(byte[] data, NodeStat stat) implements OpResult {
        }

        record GetChildren(List<String> children) implements OpResult {
        }

        record Error(ErrorCode err) implements OpResult {
        }
    }
}
