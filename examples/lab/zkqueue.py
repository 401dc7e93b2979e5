#!/usr/bin/env python3
"""A distributed FIFO queue: several producers, several consumers, nothing lost, nothing handed out twice.

    python3 zkqueue.py --id p1 produce --count 20 --interval 0.2     # in one or more terminals
    python3 zkqueue.py --id c1 consume --work 200-800                 # in one or more terminals
    python3 zkqueue.py status

Layout under --root (default /lab/queue):

    items/item-<producer>.<n>-<seq>   persistent sequential: the queue, in FIFO order of <seq>
    claims/item-...                   ephemeral: "a live consumer is working on this item"
    done/item-...                     persistent: the record that the item was consumed (by whom)

A consumer takes the oldest item that has no claim, in one transaction: create(claim, ephemeral) +
setData(item, same data, expected version). The claim keeps every other consumer off the item while its
session lives; the version bump is a fencing token. The consumer then works on the item and finishes it in
one transaction: delete(item, the version it set) + delete(claim) + create(done/item). So:

  * an item is never finished twice: the second delete would fail, and so would the done record;
  * a consumer that dies mid-item (kill -9) loses its session, the server deletes its claim, and the item
    goes to the next consumer: nothing is lost. Until then (one session timeout) the item waits;
  * a consumer that was cut off long enough for its session to expire cannot finish the item later, even
    if another consumer claimed it in the meantime: the item's version has moved on.

Idle consumers block on child watches of items/ and claims/; they never poll. (Every idle consumer wakes
when an item arrives: for a queue that is the point, one of them must take it.)

A producer names each item after itself and a counter, so that after a create whose reply was lost
(ConnectionLoss) it can tell whether the item exists instead of adding it a second time.

Log lines: PUT (item=, payload=), TAKE (item=, payload=), DONE (item=, payload=), ABANDON (item=, reason=),
plus the connection lines of labzk.py.
"""

import random

from kazoo.exceptions import ConnectionLoss, NoNodeError, SessionExpiredError

import labzk
from labzk import emit


class Paths:
    def __init__(self, root):
        root = root.rstrip("/")
        self.items = root + "/items"
        self.claims = root + "/claims"
        self.done = root + "/done"

    def ensure(self, zk):
        for path in (self.items, self.claims, self.done):
            zk.ensure_path(path)


def produce(lab, paths, args):
    for n in range(args.start, args.start + args.count):
        if lab.stopping.is_set():
            return
        payload = "%s.%d" % (lab.who, n)
        name = put(lab, paths, "item-%s-" % payload, payload.encode())
        emit("PUT", lab.who, item=name, payload=payload)
        if args.interval > 0 and not lab.sleep(args.interval):
            return


def put(lab, paths, prefix, data):
    """Adds one item, exactly once even when a reply is lost."""
    while True:
        try:
            path = lab.zk.create("%s/%s" % (paths.items, prefix), data, sequence=True)
            return path.rsplit("/", 1)[1]
        except ConnectionLoss:
            if not labzk.wait_connected(lab):
                raise
            for parent in (paths.items, paths.done):
                mine = [c for c in lab.zk.get_children(parent) if c.startswith(prefix)]
                if mine:
                    return mine[0]


class Consumer:
    def __init__(self, lab, paths, work_ms, max_items):
        self.lab = lab
        self.zk = lab.zk
        self.paths = paths
        self.work_ms = work_ms
        self.max_items = max_items
        self.finished = 0

    def run(self):
        while not self.lab.stopping.is_set() and (self.max_items == 0 or self.finished < self.max_items):
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()
                continue
            try:
                claimed = self.claim_next()
                if claimed is None:
                    self.lab.wait()  # nothing to take: a child watch wakes us
                else:
                    self.work_on(*claimed)
            except (ConnectionLoss, SessionExpiredError):
                continue

    def claim_next(self):
        """Claims the oldest unclaimed item: (name, payload, fence version), or None when there is none."""
        items = sorted(self.zk.get_children(self.paths.items, watch=self.lab.watcher), key=labzk.seq_of)
        claims = set(self.zk.get_children(self.paths.claims, watch=self.lab.watcher))
        for name in items:
            if name in claims:
                continue
            claimed = self.try_claim(name)
            if claimed is not None:
                return claimed
        return None

    def try_claim(self, name):
        item = "%s/%s" % (self.paths.items, name)
        try:
            data, stat = self.zk.get(item)
        except NoNodeError:
            return None
        tx = self.zk.transaction()
        tx.create("%s/%s" % (self.paths.claims, name), self.lab.who.encode(), ephemeral=True)
        tx.set_data(item, data, version=stat.version)
        try:
            results = tx.commit()
        except ConnectionLoss:
            return self.recover_claim(name, data)
        if labzk.multi_failure(results) is not None:
            return None  # another consumer was faster
        return name, data.decode(), results[1].version

    def recover_claim(self, name, data):
        """After a lost reply: the claim is ours if it exists and belongs to our (still live) session."""
        if not labzk.wait_connected(self.lab):
            raise ConnectionLoss()
        stat = self.zk.exists("%s/%s" % (self.paths.claims, name))
        if stat is None or stat.ephemeralOwner != self.lab.session_id():
            return None
        # While our claim exists nobody else can bump the item's version, so its version is our fence.
        _, item_stat = self.zk.get("%s/%s" % (self.paths.items, name))
        return name, data.decode(), item_stat.version

    def work_on(self, name, payload, fence):
        emit("TAKE", self.lab.who, item=name, payload=payload)
        if not self.lab.sleep(random.uniform(*self.work_ms) / 1000.0):
            emit("ABANDON", self.lab.who, item=name, reason="exit")  # closing the session frees the claim
            return
        outcome = self.finish(name, fence)
        if outcome is None:
            self.finished += 1
            emit("DONE", self.lab.who, item=name, payload=payload)
        else:
            emit("ABANDON", self.lab.who, item=name, reason=outcome)

    def finish(self, name, fence):
        """Removes the item and records it as done, atomically; None on success, else why not."""
        while True:
            tx = self.zk.transaction()
            tx.delete("%s/%s" % (self.paths.items, name), version=fence)
            tx.delete("%s/%s" % (self.paths.claims, name))
            tx.create("%s/%s" % (self.paths.done, name), self.lab.who.encode())
            try:
                failure = labzk.multi_failure(tx.commit())
                return None if failure is None else type(failure).__name__
            except ConnectionLoss:
                if not labzk.wait_connected(self.lab):
                    return "exit"
                if self.finished_by_us(name):
                    return None
                claim = self.zk.exists("%s/%s" % (self.paths.claims, name))
                if claim is None or claim.ephemeralOwner != self.lab.session_id():
                    return "session_lost"
                # Still ours and not finished: the transaction did not happen; try it again.

    def finished_by_us(self, name):
        try:
            data, _ = self.zk.get("%s/%s" % (self.paths.done, name))
            return data.decode() == self.lab.who
        except NoNodeError:
            return False


def status(lab, paths):
    counts = {kind: len(lab.zk.get_children(getattr(paths, kind))) for kind in ("items", "claims", "done")}
    emit("STATUS", lab.who, **counts)


def work_range(text):
    low, _, high = text.partition("-")
    low_ms = float(low)
    high_ms = float(high) if high else low_ms
    if low_ms < 0 or high_ms < low_ms:
        raise ValueError("--work wants MIN-MAX milliseconds, e.g. 100-500")
    return low_ms, high_ms


def main():
    parser = labzk.base_parser("A distributed FIFO queue on ZooKeeper.", "/lab/queue")
    commands = parser.add_subparsers(dest="command", required=True)
    producer = commands.add_parser("produce", help="add --count items")
    producer.add_argument("--count", type=int, default=10)
    producer.add_argument("--start", type=int, default=1, help="first item number (default %(default)s)")
    producer.add_argument("--interval", type=float, default=0.0, help="seconds between items")
    consumer = commands.add_parser("consume", help="take items until stopped")
    consumer.add_argument("--work", type=work_range, default=(100.0, 500.0),
                          help="milliseconds of work per item, MIN-MAX (default 100-500)")
    consumer.add_argument("--max-items", type=int, default=0, help="stop after this many; 0: never")
    commands.add_parser("status", help="count items, claims and done records")
    args = parser.parse_args()

    lab = labzk.Lab(args)
    paths = Paths(args.root)
    lab.start()
    try:
        paths.ensure(lab.zk)
        if args.command == "produce":
            produce(lab, paths, args)
        elif args.command == "consume":
            Consumer(lab, paths, args.work, args.max_items).run()
        else:
            status(lab, paths)
    finally:
        lab.close()


if __name__ == "__main__":
    main()
