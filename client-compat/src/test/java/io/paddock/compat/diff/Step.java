package io.paddock.compat.diff;

/** Client {@code client} (0, 1 or 2) issues {@code op}; steps run one at a time, in sequence order. */
record Step(int client, ZkOp op) {

    Step {
        if (client < 0 || client >= SideRun.CLIENTS) {
            throw new IllegalArgumentException("client " + client);
        }
    }

    static Step c0(ZkOp op) {
        return new Step(0, op);
    }

    static Step c1(ZkOp op) {
        return new Step(1, op);
    }

    static Step c2(ZkOp op) {
        return new Step(2, op);
    }

    @Override
    public String toString() {
        return "c" + client + " " + op;
    }
}
