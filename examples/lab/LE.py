#!/usr/bin/env python3
"""Leader election with ephemeral sequential znodes: the ZooKeeper recipe, with no herd and no polling.

Run one per terminal:

    python3 LE.py --hosts 127.0.0.1:2181 --id alice --timeout 4

Each candidate creates an ephemeral sequential znode under --root (default /lab/election). The candidate
with the lowest sequence number leads. Every other candidate sets one exists-watch, on the znode just below
its own, and blocks until that watch fires:

  * no polling: between changes a candidate sends nothing but the client's session pings;
  * no herd effect: when a znode goes away exactly one candidate, its successor, is woken;
  * fast recovery: a leader that exits cleanly closes its session, its znode is deleted at once and the
    successor takes over within milliseconds; a leader that crashes (kill -9) keeps its znode until the
    server expires its session, so the takeover takes about one session timeout (--timeout).

A leader that loses its connection (SUSPENDED) may have lost its session without knowing it, and the next
leader may already be acting, so it stops acting as leader at once; it resumes if the connection comes back
within the session (CONNECTED), and joins again as a new candidate if the session is gone (LOST).

The leader announces itself by writing "<id> <pid>" into --root, in a transaction fenced by its own
ephemeral znode: check(own znode) + setData(root). A leader whose session has expired cannot make that write.
takeover.py reads it to measure takeover times.

Log lines (see labzk.py): CONNECTED, FOLLOWER (node=, watching=), WOKE (when the watched predecessor
changes), CHECK (each read of the candidate list: one per change, never periodic), LEADER (node=), LEADING
(every --heartbeat seconds while leading), NOT_LEADER (reason=suspended|lost|gone|exit), SUSPENDED,
SESSION_LOST, RECONNECTED, EXIT.
"""

import os
import threading
import uuid

from kazoo.exceptions import ConnectionLoss, SessionExpiredError
from kazoo.protocol.states import KazooState

import labzk
from labzk import emit

CANDIDATE_PREFIX = "c_"


class Candidate:
    """One process's candidacy. The main thread runs `run`; Kazoo's threads only call `on_state` and
    `on_predecessor`, which touch `leading` under `lock` and wake the main thread."""

    def __init__(self, lab, root, heartbeat_s):
        self.lab = lab
        self.zk = lab.zk
        self.who = lab.who
        self.root = root
        self.heartbeat_s = heartbeat_s
        # A name prefix unique to this process, so that after a create whose reply was lost (ConnectionLoss)
        # the candidate can find the znode it may have created instead of creating a second one.
        self.prefix = "%s%s_" % (CANDIDATE_PREFIX, uuid.uuid4().hex[:12])
        self.node = None
        self.leading = False
        self.session_lost = False
        self.lock = threading.Lock()

    # --- Kazoo threads ---------------------------------------------------------------------------------

    def on_state(self, state):
        """Connection state listener: a leader stops acting as leader the moment its connection is in doubt."""
        if state in (KazooState.SUSPENDED, KazooState.LOST):
            with self.lock:
                if state == KazooState.LOST:
                    self.session_lost = True
                if self.leading:
                    self.leading = False
                    emit("NOT_LEADER", self.who, reason=state.lower(), node=self.node)

    def on_predecessor(self, event):
        emit("WOKE", self.who, event=event.type, path=event.path)
        self.lab.wake.set()

    # --- main thread -----------------------------------------------------------------------------------

    def run(self):
        self.zk.ensure_path(self.root)
        while not self.lab.stopping.is_set():
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()  # SUSPENDED: nothing can be known until the connection is back
                continue
            try:
                self.step()
            except (ConnectionLoss, SessionExpiredError):
                continue  # the state listener wakes us when the connection changes
        self.step_down("exit")

    def step(self):
        """Looks at the candidates once, then waits for the next change that matters to this candidate."""
        with self.lock:
            if self.session_lost:
                self.session_lost = False
                self.node = None
        if self.node is None:
            self.node = self.join()
        candidates = sorted((c for c in self.zk.get_children(self.root)
                             if labzk.is_sequential(c, CANDIDATE_PREFIX)), key=labzk.seq_of)
        emit("CHECK", self.who, candidates=len(candidates))
        if self.node not in candidates:
            # Deleted behind our back: our session ended, or an operator removed the znode.
            self.step_down("gone")
            self.node = None
            self.lab.wake.set()
            return
        index = candidates.index(self.node)
        if index == 0:
            self.lead()
        else:
            self.follow(candidates[index - 1])

    def join(self):
        """Creates this candidate's znode, or finds the one an earlier attempt created on this session."""
        while True:
            mine = [c for c in self.zk.get_children(self.root) if c.startswith(self.prefix)]
            if mine:
                return mine[0]
            data = ("%s %d" % (self.who, os.getpid())).encode()
            try:
                path = self.zk.create("%s/%s" % (self.root, self.prefix), data, ephemeral=True, sequence=True)
                return path.rsplit("/", 1)[1]
            except ConnectionLoss:
                if not labzk.wait_connected(self.lab):
                    raise

    def follow(self, predecessor):
        """Watches only the candidate just below us, then blocks: no herd, no polling."""
        if self.zk.exists("%s/%s" % (self.root, predecessor), watch=self.on_predecessor) is None:
            self.lab.wake.set()  # it went away between our two reads: look again
            return
        emit("FOLLOWER", self.who, node=self.node, watching=predecessor)
        self.lab.wait()

    def lead(self):
        own_path = "%s/%s" % (self.root, self.node)
        # Watch our own znode too: if an operator deletes it we are no longer the leader.
        if self.zk.exists(own_path, watch=self.lab.watcher) is None:
            self.lab.wake.set()
            return
        with self.lock:
            became = not self.leading and not self.session_lost and labzk.connected(self.lab)
            if became:
                self.leading = True
                emit("LEADER", self.who, node=self.node)
        if became and not self.announce(own_path):
            self.step_down("gone")
            self.lab.wake.set()
            return
        while self.leading and not self.lab.wake.is_set():
            # A timer, not a poll: the leader's "work" is to say that it is still leading.
            self.lab.wait(self.heartbeat_s if self.heartbeat_s > 0 else None)
            with self.lock:
                if self.leading and not self.lab.wake.is_set():
                    emit("LEADING", self.who, node=self.node)

    def announce(self, own_path):
        """Writes "<id> <pid>" into the root, fenced by our own ephemeral znode (version 0: never changed)."""
        tx = self.zk.transaction()
        tx.check(own_path, 0)
        tx.set_data(self.root, ("%s %d" % (self.who, os.getpid())).encode())
        failure = labzk.multi_failure(tx.commit())
        if isinstance(failure, (ConnectionLoss, SessionExpiredError)):
            raise failure
        return failure is None

    def step_down(self, reason):
        with self.lock:
            if self.leading:
                self.leading = False
                emit("NOT_LEADER", self.who, reason=reason, node=self.node)


def main():
    parser = labzk.base_parser("Leader election with ephemeral sequential znodes (no herd, no polling).",
                               "/lab/election")
    parser.add_argument("--heartbeat", type=float, default=1.0,
                        help="seconds between LEADING lines while leading; 0 for none (default %(default)s)")
    args = parser.parse_args()
    candidate = None

    def on_state(state):
        if candidate is not None:
            candidate.on_state(state)

    lab = labzk.Lab(args, on_state=on_state)
    candidate = Candidate(lab, args.root.rstrip("/") or "/", args.heartbeat)
    lab.start()
    try:
        candidate.run()
    finally:
        lab.close()


if __name__ == "__main__":
    main()
