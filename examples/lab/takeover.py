#!/usr/bin/env python3
"""Measures how fast leader election recovers: kills the current LE.py leader, times the next one.

Start a few candidates on this machine (python3 LE.py --timeout 4 ... in several terminals), then:

    python3 takeover.py --signal KILL --rounds 2     # a crash: the takeover waits for session expiry
    python3 takeover.py --signal TERM --rounds 2     # a clean exit: the session is closed at once

It reads the leader's "<id> <pid>" from the election root (LE.py writes it there when it becomes leader),
sends the signal to that pid, and waits -- on a data watch, not by polling -- until a different candidate
announces itself. Each round prints

    TAKEOVER takeover <time> signal=KILL from=<old id> to=<new id> ms=<elapsed>

Killed candidates are not restarted: start at least rounds + 1 of them.
"""

import os
import signal

from kazoo.exceptions import NoNodeError

import labzk
from labzk import emit


def read_leader(lab, root):
    """(id, pid) from the root's data, setting a data watch; None when nobody has announced yet."""
    try:
        data, _ = lab.zk.get(root, watch=lab.watcher)
    except NoNodeError:
        lab.zk.exists(root, watch=lab.watcher)
        return None
    fields = data.decode(errors="replace").split()
    if len(fields) != 2 or not fields[1].isdigit():
        return None
    return fields[0], int(fields[1])


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def wait_for_leader(lab, root, not_who=None):
    """Blocks until a live leader other than not_who has announced itself; returns (id, pid)."""
    while not lab.stopping.is_set():
        lab.wake.clear()
        leader = read_leader(lab, root)
        if leader is not None and leader[0] != not_who and alive(leader[1]):
            return leader
        lab.wait()
    return None


def main():
    parser = labzk.base_parser("Kill the current LE.py leader and time the takeover.", "/lab/election")
    parser.add_argument("--signal", choices=["KILL", "TERM"], default="KILL",
                        help="KILL simulates a crash, TERM a clean exit (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    args.id = "takeover"
    lab = labzk.Lab(args)
    lab.start()
    root = args.root.rstrip("/")
    try:
        for _ in range(args.rounds):
            leader = wait_for_leader(lab, root)
            if leader is None:
                break
            who, pid = leader
            killed_at = labzk.now()
            os.kill(pid, getattr(signal, "SIG" + args.signal))
            successor = wait_for_leader(lab, root, not_who=who)
            if successor is None:
                break
            emit("TAKEOVER", lab.who, signal=args.signal, **{"from": who, "to": successor[0]},
                 ms="%.0f" % ((labzk.now() - killed_at) * 1000))
    finally:
        lab.close()


if __name__ == "__main__":
    main()
