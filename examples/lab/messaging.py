#!/usr/bin/env python3
"""Reliable messaging: persistent messages, acknowledgements, resends, at-least-once delivery.

    python3 messaging.py --id s1 send --count 20 --window 4 --ack-timeout 3     # one terminal
    python3 messaging.py --id r1 receive --work 100-500                         # one or more terminals
    python3 messaging.py status

Layout under --root (default /lab/mq):

    msgs/m-<msgid>-<seq>   persistent sequential: one copy of a message; data {"id", "attempt", "from"}
    claims/m-...           ephemeral: a live receiver is delivering this copy
    acks/<msgid>           persistent: message <msgid> was delivered and acknowledged (by whom)

Sender. Each message has an id, <sender>.<n>, and is written as a persistent sequential znode, so it
survives any client's crash. The sender keeps up to --window messages unacknowledged and watches each one's
ack znode (an exists-watch: no polling). A message not acknowledged within --ack-timeout seconds is sent
again (RETRY): a new copy, same id.

Receiver. It takes the oldest copy nobody is delivering (an ephemeral claim), delivers it (DELIVER) and
acknowledges it in one transaction: create(acks/<id>) + delete(copy) + delete(claim). A receiver that
crashes between delivering and acknowledging loses its claim with its session, and the copy is delivered
again: at least once. A copy whose id is already acknowledged is dropped and logged (DUPLICATE), which is
how duplicates -- from a resend, or a crash after a delivery -- are detected: by message id. A message is
never lost: a copy is deleted only in the transaction that records its ack, or once its ack exists.

Log lines: SENT (msg=, attempt=, node=), RETRY, ACKED (msg=, attempts=), ALL_ACKED; DELIVER (msg=,
attempt=, node=), ACK, DUPLICATE (msg=, reason=), ABANDON; plus those of labzk.py.
"""

import json
import random
import threading

from kazoo.exceptions import ConnectionLoss, NodeExistsError, NoNodeError, SessionExpiredError
from kazoo.protocol.states import KazooState

import labzk
from labzk import emit


class Paths:
    def __init__(self, root):
        root = root.rstrip("/")
        self.msgs = root + "/msgs"
        self.claims = root + "/claims"
        self.acks = root + "/acks"

    def ensure(self, zk):
        for path in (self.msgs, self.claims, self.acks):
            zk.ensure_path(path)


class Sender:
    def __init__(self, lab, paths, args):
        self.lab = lab
        self.zk = lab.zk
        self.paths = paths
        self.first = args.start
        self.end = args.start + args.count
        self.window = max(1, args.window)
        self.ack_timeout_s = args.ack_timeout
        self.outstanding = {}    # msgid -> [attempts, resend deadline]
        self.acked = set()       # filled by ack watches, on Kazoo's thread
        self.watchers = {}       # msgid -> its watch callback (one object, so Kazoo keeps one watch)
        self.rearm = False       # a new session has none of the old session's watches
        self.lock = threading.Lock()

    def on_state(self, state):
        if state == KazooState.LOST:
            with self.lock:
                self.rearm = True

    def run(self):
        next_n = self.first
        while not self.lab.stopping.is_set() and (next_n < self.end or self.outstanding):
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()
                continue
            try:
                self.maybe_rearm()
                while next_n < self.end and len(self.outstanding) < self.window:
                    msgid = "%s.%d" % (self.lab.who, next_n)
                    next_n += 1
                    self.outstanding[msgid] = [0, 0.0]
                    self.send(msgid)
                self.collect_acks()
                for msgid, (attempts, deadline) in list(self.outstanding.items()):
                    if labzk.now() >= deadline:
                        emit("RETRY", self.lab.who, msg=msgid, attempt=attempts + 1)
                        self.send(msgid)
                self.collect_acks()
            except (ConnectionLoss, SessionExpiredError):
                continue
            if next_n < self.end and len(self.outstanding) < self.window:
                continue  # acks made room in the window
            if self.outstanding:
                self.lab.wait(max(0.0, min(d for _, d in self.outstanding.values()) - labzk.now()))
        if next_n >= self.end and not self.outstanding:
            emit("ALL_ACKED", self.lab.who, count=self.end - self.first)

    def send(self, msgid):
        entry = self.outstanding[msgid]
        entry[0] += 1
        # If the create fails, the deadline has passed already and the next pass sends it again.
        entry[1] = 0.0
        data = json.dumps({"id": msgid, "attempt": entry[0], "from": self.lab.who}).encode()
        path = self.zk.create("%s/m-%s-" % (self.paths.msgs, msgid), data, sequence=True)
        entry[1] = labzk.now() + self.ack_timeout_s
        emit("SENT", self.lab.who, msg=msgid, attempt=entry[0], node=path.rsplit("/", 1)[1])
        self.watch_ack(msgid)

    def watch_ack(self, msgid):
        watcher = self.watchers.get(msgid)
        if watcher is None:
            def watcher(event, msgid=msgid):
                with self.lock:
                    self.acked.add(msgid)
                self.lab.wake.set()
            self.watchers[msgid] = watcher
        if self.zk.exists("%s/%s" % (self.paths.acks, msgid), watch=watcher) is not None:
            with self.lock:
                self.acked.add(msgid)

    def maybe_rearm(self):
        with self.lock:
            rearm, self.rearm = self.rearm, False
        if rearm:
            for msgid in list(self.outstanding):
                self.watch_ack(msgid)

    def collect_acks(self):
        with self.lock:
            done = [m for m in self.acked if m in self.outstanding]
        for msgid in done:
            # An exists-watch also fires on a delete; only an existing ack counts.
            if self.zk.exists("%s/%s" % (self.paths.acks, msgid)) is None:
                with self.lock:
                    self.acked.discard(msgid)
                self.watch_ack(msgid)
                continue
            attempts, _ = self.outstanding.pop(msgid)
            emit("ACKED", self.lab.who, msg=msgid, attempts=attempts)


class Receiver:
    def __init__(self, lab, paths, work_ms):
        self.lab = lab
        self.zk = lab.zk
        self.paths = paths
        self.work_ms = work_ms

    def run(self):
        while not self.lab.stopping.is_set():
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()
                continue
            try:
                name = self.claim_next()
                if name is None:
                    self.lab.wait()
                else:
                    self.deliver(name)
            except (ConnectionLoss, SessionExpiredError):
                continue

    def claim_next(self):
        msgs = sorted(self.zk.get_children(self.paths.msgs, watch=self.lab.watcher), key=labzk.seq_of)
        claims = set(self.zk.get_children(self.paths.claims, watch=self.lab.watcher))
        for name in msgs:
            if name in claims:
                continue
            try:
                self.zk.create("%s/%s" % (self.paths.claims, name), self.lab.who.encode(), ephemeral=True)
                return name
            except NodeExistsError:
                continue
            except ConnectionLoss:
                if self.claim_is_ours(name):
                    return name
                raise
        return None

    def claim_is_ours(self, name):
        if not labzk.wait_connected(self.lab):
            return False
        stat = self.zk.exists("%s/%s" % (self.paths.claims, name))
        return stat is not None and stat.ephemeralOwner == self.lab.session_id()

    def deliver(self, name):
        try:
            data, _ = self.zk.get("%s/%s" % (self.paths.msgs, name))
        except NoNodeError:
            self.drop(name, None)
            return
        msg = json.loads(data.decode())
        msgid = msg["id"]
        if self.zk.exists("%s/%s" % (self.paths.acks, msgid)) is not None:
            emit("DUPLICATE", self.lab.who, msg=msgid, node=name, reason="already_acked")
            self.drop(name, msgid)
            return
        emit("DELIVER", self.lab.who, msg=msgid, attempt=msg["attempt"], node=name)
        if not self.lab.sleep(random.uniform(*self.work_ms) / 1000.0):
            emit("ABANDON", self.lab.who, msg=msgid, node=name, reason="exit")
            return
        self.acknowledge(name, msgid)

    def acknowledge(self, name, msgid):
        while True:
            tx = self.zk.transaction()
            tx.create("%s/%s" % (self.paths.acks, msgid), self.lab.who.encode())
            tx.delete("%s/%s" % (self.paths.msgs, name))
            tx.delete("%s/%s" % (self.paths.claims, name))
            try:
                results = tx.commit()
            except ConnectionLoss:
                if not labzk.wait_connected(self.lab):
                    return
                if self.zk.exists("%s/%s" % (self.paths.msgs, name)) is None:
                    emit("ACK", self.lab.who, msg=msgid, node=name)  # our transaction went through
                    return
                if self.claim_is_ours(name):
                    continue
                emit("ABANDON", self.lab.who, msg=msgid, node=name, reason="session_lost")
                return
            failure = labzk.multi_failure(results)
            if failure is None:
                emit("ACK", self.lab.who, msg=msgid, node=name)
            elif isinstance(results[0], NodeExistsError):
                # Another copy of this message was acknowledged while we delivered this one.
                emit("DUPLICATE", self.lab.who, msg=msgid, node=name, reason="acked_meanwhile")
                self.drop(name, msgid)
            else:
                emit("ABANDON", self.lab.who, msg=msgid, node=name, reason=type(failure).__name__)
            return

    def drop(self, name, msgid):
        """Deletes a copy whose message is already acknowledged, and our claim on it."""
        for path in ("%s/%s" % (self.paths.msgs, name), "%s/%s" % (self.paths.claims, name)):
            try:
                self.zk.delete(path)
            except NoNodeError:
                pass


def status(lab, paths):
    counts = {kind: len(lab.zk.get_children(getattr(paths, kind))) for kind in ("msgs", "claims", "acks")}
    emit("STATUS", lab.who, **counts)


def work_range(text):
    low, _, high = text.partition("-")
    return float(low), float(high) if high else float(low)


def main():
    parser = labzk.base_parser("Reliable at-least-once messaging on ZooKeeper.", "/lab/mq")
    commands = parser.add_subparsers(dest="command", required=True)
    sender = commands.add_parser("send", help="send --count messages and wait for their acks")
    sender.add_argument("--count", type=int, default=10)
    sender.add_argument("--start", type=int, default=1, help="first message number (default %(default)s)")
    sender.add_argument("--window", type=int, default=4, help="unacknowledged messages at most")
    sender.add_argument("--ack-timeout", type=float, default=3.0,
                        help="seconds before an unacknowledged message is sent again (default %(default)s)")
    receiver = commands.add_parser("receive", help="deliver and acknowledge messages until stopped")
    receiver.add_argument("--work", type=work_range, default=(100.0, 500.0),
                          help="milliseconds per delivery, MIN-MAX (default 100-500)")
    commands.add_parser("status", help="count message copies, claims and acks")
    args = parser.parse_args()
    role = None

    def on_state(state):
        if isinstance(role, Sender):
            role.on_state(state)

    lab = labzk.Lab(args, on_state=on_state)
    paths = Paths(args.root)
    lab.start()
    try:
        paths.ensure(lab.zk)
        if args.command == "send":
            role = Sender(lab, paths, args)
            role.run()
        elif args.command == "receive":
            role = Receiver(lab, paths, args.work)
            role.run()
        else:
            status(lab, paths)
    finally:
        lab.close()


if __name__ == "__main__":
    main()
