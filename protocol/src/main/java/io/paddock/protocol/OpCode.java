package io.paddock.protocol;

/**
 * The request types of ZooKeeper 3.9 ({@code ZooDefs.OpCode}), with their wire values. The enum is the
 * exhaustive list the server dispatches on; a value missing here is answered with Unimplemented.
 */
public enum OpCode {
    NOTIFICATION(0, Kind.READ),
    CREATE(1, Kind.WRITE),
    DELETE(2, Kind.WRITE),
    EXISTS(3, Kind.READ),
    GET_DATA(4, Kind.READ),
    SET_DATA(5, Kind.WRITE),
    GET_ACL(6, Kind.READ),
    SET_ACL(7, Kind.WRITE),
    GET_CHILDREN(8, Kind.READ),
    SYNC(9, Kind.READ),
    PING(11, Kind.READ),
    GET_CHILDREN2(12, Kind.READ),
    CHECK(13, Kind.WRITE),
    MULTI(14, Kind.WRITE),
    CREATE2(15, Kind.WRITE),
    RECONFIG(16, Kind.WRITE),
    CHECK_WATCHES(17, Kind.READ),
    REMOVE_WATCHES(18, Kind.READ),
    CREATE_CONTAINER(19, Kind.WRITE),
    DELETE_CONTAINER(20, Kind.WRITE),
    CREATE_TTL(21, Kind.WRITE),
    MULTI_READ(22, Kind.READ),
    AUTH(100, Kind.READ),
    SET_WATCHES(101, Kind.READ),
    SASL(102, Kind.READ),
    GET_EPHEMERALS(103, Kind.READ),
    GET_ALL_CHILDREN_NUMBER(104, Kind.READ),
    SET_WATCHES2(105, Kind.READ),
    ADD_WATCH(106, Kind.READ),
    WHO_AM_I(107, Kind.READ),
    CREATE_SESSION(-10, Kind.WRITE),
    CLOSE_SESSION(-11, Kind.WRITE),
    ERROR(-1, Kind.WRITE);

    /** Writes become txns and go through the log; reads are answered from the applied tree. */
    public enum Kind { READ, WRITE }

    private static final OpCode[] BY_SMALL_CODE = new OpCode[128];

    static {
        for (OpCode op : values()) {
            if (op.code >= 0) {
                BY_SMALL_CODE[op.code] = op;
            }
        }
    }

    public final int code;
    public final Kind kind;

    OpCode(int code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public boolean isWrite() {
        return kind == Kind.WRITE;
    }

    /** The op with this wire value, or null for a value ZooKeeper 3.9 does not define. */
    public static OpCode of(int code) {
        if (code >= 0 && code < BY_SMALL_CODE.length) {
            return BY_SMALL_CODE[code];
        }
        return switch (code) {
            case -10 -> CREATE_SESSION;
            case -11 -> CLOSE_SESSION;
            case -1 -> ERROR;
            default -> null;
        };
    }
}
