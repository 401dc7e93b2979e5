#!/usr/bin/env python3
"""Unique ids from 1 to 1024: no two live holders of one id, and the ids of dead holders come back.

    python3 uid.py --id w1                     # take the lowest free id and keep it until Ctrl-C
    python3 uid.py --id w2 --hold 1-3 --rounds 5   # take, hold 1 to 3 s, give back, five times
    python3 uid.py --id big --count 1024       # take them all; the next one waits

Layout under --root (default /lab/ids):

    ids/<n>              ephemeral, data = holder: id n is taken for as long as its holder's session lives
    holders/<id>-<uuid>  ephemeral: this holder's session is alive (the fence used by release, below)

To take an id a holder lists ids/, picks the lowest free number and creates ids/<n>; if another holder was
faster (NodeExists) it picks again. Because the znode is ephemeral, a holder that dies (kill -9) gives its id
back when the server expires its session; a holder that exits cleanly gives it back at once. Picking the
lowest free number is what makes the ids of dead holders come back first. When all --max-id ids are taken
the holder blocks on a child watch of ids/ (WAITING) until one is freed.

A holder that loses its connection (SUSPENDED) may be about to lose its session, and with it its ids, so it
stops using them at once (RELEASED reason=suspended); if the connection comes back within the session it
checks that the znodes are still its own and uses them again (ACQUIRED reason=reconnected). If the session
is gone (LOST) it takes new ids.

Giving an id back is a transaction check(holders/<me>) + delete(ids/<n>): if this holder's session has
expired in the meantime, and somebody else now holds <n>, the delete fails instead of freeing the other
holder's id.

Log lines: ACQUIRED (uid=), RELEASED (uid=, reason=release|suspended|lost|exit), WAITING (when all ids are
taken), plus the connection lines of labzk.py.
"""

import random
import threading
import uuid

from kazoo.exceptions import ConnectionLoss, NodeExistsError, SessionExpiredError
from kazoo.protocol.states import KazooState

import labzk
from labzk import emit


class Holder:
    def __init__(self, lab, root, max_id, count):
        self.lab = lab
        self.zk = lab.zk
        root = root.rstrip("/")
        self.ids = root + "/ids"
        self.holders = root + "/holders"
        self.max_id = max_id
        self.count = count
        self.witness = "%s/%s-%s" % (self.holders, lab.who, uuid.uuid4().hex[:8])
        self.held = []       # ids whose znodes this session created
        self.usable = False  # whether the held ids may be used now (false while SUSPENDED)
        self.session_lost = False
        self.lock = threading.Lock()

    # --- Kazoo's connection thread -------------------------------------------------------------------

    def on_state(self, state):
        with self.lock:
            if state == KazooState.LOST:
                self.session_lost = True
            if state in (KazooState.SUSPENDED, KazooState.LOST) and self.usable:
                self.usable = False
                for n in self.held:
                    emit("RELEASED", self.lab.who, uid=n, reason=state.lower())

    # --- main thread -----------------------------------------------------------------------------------

    def ensure_session_state(self):
        """After LOST our znodes are gone: forget them; (re)create the witness for the current session."""
        with self.lock:
            if self.session_lost:
                self.session_lost = False
                self.held = []
        try:
            self.zk.create(self.witness, self.lab.who.encode(), ephemeral=True, makepath=True)
        except NodeExistsError:
            pass

    def acquire(self, count):
        """Blocks until this holder has `count` ids; False when stopping first."""
        waiting = False
        while not self.lab.stopping.is_set():
            self.lab.wake.clear()
            if not labzk.connected(self.lab):
                self.lab.wait()
                continue
            try:
                self.ensure_session_state()
                if not self.reconfirm():
                    continue
                if len(self.held) >= count:
                    return True
                taken = set(self.zk.get_children(self.ids))
                free = [n for n in range(1, self.max_id + 1) if str(n) not in taken]
                if not free:
                    if not waiting:
                        waiting = True
                        emit("WAITING", self.lab.who, held=len(self.held), max_id=self.max_id)
                    if len(set(self.zk.get_children(self.ids, watch=self.lab.watcher))) >= self.max_id:
                        self.lab.wait()
                    continue
                for n in free[:count - len(self.held)]:
                    if not self.take(n):
                        break  # somebody else was faster: list again
            except (ConnectionLoss, SessionExpiredError):
                continue
        return False

    def take(self, n):
        """Creates ids/<n>; False when another holder has it."""
        try:
            self.zk.create("%s/%d" % (self.ids, n), self.lab.who.encode(), ephemeral=True)
        except NodeExistsError:
            return False
        except ConnectionLoss:
            if not labzk.wait_connected(self.lab):
                raise
            stat = self.zk.exists("%s/%d" % (self.ids, n))
            if stat is None or stat.ephemeralOwner != self.lab.session_id():
                return False
        with self.lock:
            self.held.append(n)
            self.usable = labzk.connected(self.lab)
            if self.usable:
                emit("ACQUIRED", self.lab.who, uid=n)
        return True

    def reconfirm(self):
        """After SUSPENDED -> CONNECTED: are the held ids still ours? Returns whether they are usable."""
        with self.lock:
            if self.usable or not self.held:
                return True
        mine = []
        for n in self.held:
            stat = self.zk.exists("%s/%d" % (self.ids, n))
            if stat is not None and stat.ephemeralOwner == self.lab.session_id():
                mine.append(n)
        with self.lock:
            self.held = mine
            self.usable = labzk.connected(self.lab) and not self.session_lost
            if self.usable:
                for n in mine:
                    emit("ACQUIRED", self.lab.who, uid=n, reason="reconnected")
            return self.usable

    def hold(self, seconds):
        """Uses the ids for `seconds` (None: until stopped), reacquiring whatever a lost session took."""
        deadline = None if seconds is None else labzk.now() + seconds
        while not self.lab.stopping.is_set():
            self.lab.wake.clear()
            if deadline is not None and labzk.now() >= deadline:
                return
            with self.lock:
                ok = self.usable and not self.session_lost
                wanted = len(self.held)
            if not ok and labzk.connected(self.lab):
                self.acquire(max(wanted, self.count))
                continue
            self.lab.wait(None if deadline is None else max(0.0, deadline - labzk.now()))

    def release(self, reason):
        """Stops using the ids first, then deletes their znodes, fenced by this session's witness."""
        with self.lock:
            held, self.held = self.held, []
            was_usable, self.usable = self.usable, False
        if was_usable:
            for n in held:
                emit("RELEASED", self.lab.who, uid=n, reason=reason)
        for n in held:
            tx = self.zk.transaction()
            tx.check(self.witness, 0)
            tx.delete("%s/%d" % (self.ids, n))
            try:
                tx.commit()
            except (ConnectionLoss, SessionExpiredError):
                pass  # the session's end frees the id anyway


def hold_range(text):
    low, _, high = text.partition("-")
    return float(low), float(high) if high else float(low)


def main():
    parser = labzk.base_parser("Unique ids from 1 to --max-id with ephemeral znodes.", "/lab/ids")
    parser.add_argument("--max-id", type=int, default=1024, help="ids are 1..max-id (default %(default)s)")
    parser.add_argument("--count", type=int, default=1, help="ids to hold at once (default %(default)s)")
    parser.add_argument("--hold", type=hold_range, default=None,
                        help="seconds to hold, MIN-MAX, before giving the ids back (default: until stopped)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="with --hold: take and give back this many times; 0 for ever (default %(default)s)")
    args = parser.parse_args()
    holder = None

    def on_state(state):
        if holder is not None:
            holder.on_state(state)

    lab = labzk.Lab(args, on_state=on_state)
    holder = Holder(lab, args.root, args.max_id, args.count)
    lab.start()
    try:
        lab.zk.ensure_path(holder.ids)
        done = 0
        while not lab.stopping.is_set() and (args.rounds == 0 or done < args.rounds):
            if not holder.acquire(args.count):
                break
            holder.hold(None if args.hold is None else random.uniform(*args.hold))
            if lab.stopping.is_set():
                break
            holder.release("release")
            done += 1
        holder.release("exit")
    finally:
        lab.close()


if __name__ == "__main__":
    main()
