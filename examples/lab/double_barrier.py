#!/usr/bin/env python3
"""A double barrier: N participants enter together, work, and leave together.

    python3 double_barrier.py --id a --n 3 --work 1000-3000     # in three terminals

The ZooKeeper recipe, under --root (default /lab/double-barrier):

Enter. Create an ephemeral sequential znode p-<id>-...; if the barrier's "ready" znode exists, enter; else
count the participants: the one who sees N creates "ready" and enters; the others block on an exists-watch
of "ready" (no polling) and enter when it appears. Nobody enters before N participants have arrived.

Leave. Read the participants, in sequence order. If none is left, leave. If only our own znode is left,
delete "ready" and our znode, and leave. If ours is the lowest, wait for the highest to go; otherwise delete
ours and wait for the lowest to go; then look again. The lowest participant therefore deletes its znode
last, after everybody else has deleted theirs, and the others leave once the lowest has gone: nobody leaves
before all N have started to leave. Each waiter watches one znode, never the whole list.

A participant that dies holds its place until its session expires; in the enter phase that means it still
counts towards N until then, and in the leave phase the others wait for its session to end.

Log lines: ARRIVED (node=), ENTERED (participants=), LEAVING, LEFT, plus those of labzk.py.
"""

import random
import uuid

from kazoo.exceptions import ConnectionLoss, NodeExistsError, NoNodeError, SessionExpiredError

import labzk
from labzk import emit

READY = "ready"
PREFIX = "p-"


class DoubleBarrier:
    def __init__(self, lab, root, n):
        self.lab = lab
        self.zk = lab.zk
        self.root = root.rstrip("/")
        self.n = n
        self.ready = "%s/%s" % (self.root, READY)
        self.prefix = "%s%s-%s-" % (PREFIX, lab.who, uuid.uuid4().hex[:8])
        self.node = None

    def participants(self):
        return sorted((c for c in self.zk.get_children(self.root) if labzk.is_sequential(c, PREFIX)),
                      key=labzk.seq_of)

    def arrive(self):
        """Creates our znode, or finds the one a create whose reply was lost made on this session."""
        mine = [c for c in self.zk.get_children(self.root) if c.startswith(self.prefix)]
        if mine:
            return mine[0]
        path = self.zk.create("%s/%s" % (self.root, self.prefix), self.lab.who.encode(), ephemeral=True,
                              sequence=True)
        self.node = path.rsplit("/", 1)[1]
        emit("ARRIVED", self.lab.who, node=self.node)
        return self.node

    def enter(self):
        self.zk.ensure_path(self.root)
        while not self.lab.stopping.is_set():
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()
                continue
            try:
                self.node = self.arrive()
                if self.zk.exists(self.ready, watch=self.lab.watcher) is not None:
                    break
                arrived = self.participants()
                if len(arrived) >= self.n:
                    try:
                        self.zk.create(self.ready, self.lab.who.encode())
                    except NodeExistsError:
                        pass
                    break
            except (ConnectionLoss, SessionExpiredError):
                continue
            self.lab.wait()
        else:
            return False
        emit("ENTERED", self.lab.who, node=self.node)
        return True

    def leave(self):
        emit("LEAVING", self.lab.who, node=self.node)
        while not self.lab.stopping.is_set():
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()
                continue
            try:
                if self.leave_step():
                    emit("LEFT", self.lab.who, node=self.node)
                    return True
            except (ConnectionLoss, SessionExpiredError):
                continue
        return False

    def leave_step(self):
        """One pass of the leave recipe; True when we may leave, else a watch is set and we have waited."""
        left = self.participants()
        if not left:
            return True
        if left == [self.node]:
            for path in (self.ready, "%s/%s" % (self.root, self.node)):
                try:
                    self.zk.delete(path)
                except NoNodeError:
                    pass
            return True
        if self.node == left[0]:
            wait_for = left[-1]
        else:
            if self.node in left:
                try:
                    self.zk.delete("%s/%s" % (self.root, self.node))
                except NoNodeError:
                    pass
            wait_for = left[0]
        if self.zk.exists("%s/%s" % (self.root, wait_for), watch=self.lab.watcher) is not None:
            self.lab.wait()
        return False


def main():
    parser = labzk.base_parser("A double barrier on ZooKeeper: enter together, leave together.",
                               "/lab/double-barrier")
    parser.add_argument("--n", type=int, required=True, help="participants the barrier waits for")
    parser.add_argument("--work", default="1000-3000",
                        help="milliseconds of work between entering and leaving, MIN-MAX (default %(default)s)")
    args = parser.parse_args()
    low, _, high = args.work.partition("-")
    work_s = random.uniform(float(low), float(high or low)) / 1000.0
    lab = labzk.Lab(args)
    lab.start()
    try:
        barrier = DoubleBarrier(lab, args.root, args.n)
        if barrier.enter() and lab.sleep(work_s):
            barrier.leave()
    finally:
        lab.close()


if __name__ == "__main__":
    main()
