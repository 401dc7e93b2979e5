#!/usr/bin/env python3
"""A barrier: everybody waits until somebody lifts it.

    python3 barrier.py raise              # put the barrier up (creates --root)
    python3 barrier.py --id w1 wait       # in several terminals: block until the barrier is lifted
    python3 barrier.py release            # lift it: every waiter goes on

The barrier is one znode, --root (default /lab/barrier). A waiter calls exists(--root, watch) and, while the
znode is there, blocks until the watch fires; it never polls. Releasing deletes the znode, which fires every
waiter's watch at once -- for a barrier, waking all waiters is the point, not a herd effect. A waiter that
starts after the release passes straight through.

Log lines: RAISED, WAITING, PASSED, RELEASE (printed just before the delete), plus those of labzk.py.
"""

from kazoo.exceptions import ConnectionLoss, NodeExistsError, NoNodeError, SessionExpiredError

import labzk
from labzk import emit


def wait(lab, path):
    emit("WAITING", lab.who, barrier=path)
    while not lab.stopping.is_set():
        lab.wake.clear()
        if not labzk.connected(lab):
            lab.wait()
            continue
        try:
            if lab.zk.exists(path, watch=lab.watcher) is None:
                emit("PASSED", lab.who, barrier=path)
                return
        except (ConnectionLoss, SessionExpiredError):
            continue
        lab.wait()


def main():
    parser = labzk.base_parser("A barrier on ZooKeeper: raise, wait, release.", "/lab/barrier")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("raise", help="create the barrier znode")
    commands.add_parser("wait", help="block until the barrier znode is gone")
    commands.add_parser("release", help="delete the barrier znode")
    args = parser.parse_args()
    path = args.root.rstrip("/")
    lab = labzk.Lab(args)
    lab.start()
    try:
        if args.command == "raise":
            try:
                lab.zk.create(path, lab.who.encode(), makepath=True)
            except NodeExistsError:
                pass
            emit("RAISED", lab.who, barrier=path)
        elif args.command == "wait":
            wait(lab, path)
        else:
            emit("RELEASE", lab.who, barrier=path)
            try:
                lab.zk.delete(path)
            except NoNodeError:
                pass
    finally:
        lab.close()


if __name__ == "__main__":
    main()
