"""Plumbing shared by the lab programs: arguments, the Kazoo client, log lines, clean shutdown.

Every program prints one line per event on stdout, flushed at once, so that a person in a terminal and a
test observer read the same thing:

    EVENT WHO TIME [key=value ...]

EVENT is an upper-case word (LEADER, TAKE, ACQUIRED, ...), WHO the participant's --id, TIME the local
monotonic clock in seconds (CLOCK_MONOTONIC, the clock Java's System.nanoTime reads on Linux, so an observer
on the same machine can compare it with its own). Kazoo's own logging goes to stderr.

The programs never poll ZooKeeper: every wait is on a threading.Event that a watch, a connection state change
or a signal sets. A timer wait (Event.wait(timeout)) appears only where the program itself has a deadline,
such as a resend after an acknowledgement timeout.
"""

import argparse
import faulthandler
import logging
import os
import signal
import socket
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.protocol.states import KazooState
from kazoo.retry import KazooRetry

DEFAULT_HOSTS = "127.0.0.1:2181"

_print_lock = threading.Lock()


def now():
    """The time printed in every log line: monotonic seconds."""
    return time.monotonic()


def emit(event_name, who, **fields):
    """Prints one event line, whole and flushed, from any thread."""
    parts = [event_name, who, "%.6f" % now()]
    parts.extend("%s=%s" % (key, value) for key, value in fields.items())
    line = " ".join(str(part) for part in parts)
    with _print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def base_parser(description, root):
    """The options every lab program takes; programs add their own."""
    parser = argparse.ArgumentParser(description=description)
    add_common(parser, root)
    return parser


def add_common(parser, root):
    parser.add_argument("--hosts", default=DEFAULT_HOSTS,
                        help="ZooKeeper connect string, host:port[,host:port...] (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="session timeout to request, in seconds; the server clamps it to its "
                             "[minSessionTimeout, maxSessionTimeout] (default %(default)s)")
    parser.add_argument("--id", default="%s-%d" % (socket.gethostname(), os.getpid()),
                        help="this participant's name in log lines and znodes (default host-pid)")
    parser.add_argument("--root", default=root,
                        help="the znode this program works under (default %(default)s)")
    parser.add_argument("--verbose", action="store_true", help="Kazoo's INFO log lines on stderr")


def who_of(args):
    """--id made safe for znode names and log lines: no slashes, no spaces."""
    return args.id.replace("/", "_").replace(" ", "_")


def seq_of(name):
    """The counter ZooKeeper appends to a sequential znode's name: its last ten digits."""
    return int(name[-10:])


def is_sequential(name, prefix):
    return name.startswith(prefix) and len(name) >= len(prefix) + 10 and name[-10:].isdigit()


def multi_failure(results):
    """The first real error in a transaction's results, or None when it committed."""
    for result in results:
        if isinstance(result, Exception) and type(result).__name__ != "RolledBackError":
            return result
    for result in results:
        if isinstance(result, Exception):
            return result
    return None


class Lab:
    """A connected Kazoo client plus the one Event that wakes the program's main loop.

    `wake` is set by every watch (see `watcher`), by every connection state change and by SIGTERM / SIGINT.
    Main loops follow one pattern, which cannot lose a wake-up: clear `wake`, read ZooKeeper (setting
    watches), act, and only then `wake.wait()`.
    """

    def __init__(self, args, on_state=None):
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.who = who_of(args)
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self._on_state = on_state
        self._started = False
        self.zk = KazooClient(
            hosts=args.hosts,
            timeout=args.timeout,
            # Reconnect for ever, quickly: a short outage should cost a short SUSPENDED, not the session.
            connection_retry=KazooRetry(max_tries=-1, delay=0.05, backoff=1.5, max_delay=0.5),
        )
        self.zk.add_listener(self._state_changed)
        signal.signal(signal.SIGTERM, self._signalled)
        signal.signal(signal.SIGINT, self._signalled)
        # kill -USR1 <pid> prints every thread's stack on stderr: what is this participant waiting for?
        faulthandler.register(signal.SIGUSR1, all_threads=True)

    def start(self):
        self.zk.start(timeout=30)
        self._started = True
        emit("CONNECTED", self.who, session="0x%x" % self.session_id(),
             requested_timeout_ms=int(self.zk._session_timeout))

    def session_id(self):
        return self.zk.client_id[0] if self.zk.client_id else 0

    def watcher(self, event=None):
        """A watch callback that just wakes the main loop (runs on Kazoo's event thread)."""
        self.wake.set()

    def wait(self, timeout=None):
        """Blocks until something happens (a watch, a state change, a signal), or for at most timeout s."""
        self.wake.wait(timeout)

    def sleep(self, seconds):
        """Sleeps, but returns early when the program is asked to stop. Returns False when stopping."""
        return not self.stopping.wait(seconds)

    def _state_changed(self, state):
        # Kazoo calls listeners on its connection thread; they must not block or call ZooKeeper.
        if self._on_state is not None:
            self._on_state(state)
        if self.stopping.is_set():
            pass  # close() ends the session on purpose; EXIT says so
        elif state == KazooState.SUSPENDED:
            emit("SUSPENDED", self.who)
        elif state == KazooState.LOST:
            emit("SESSION_LOST", self.who)
        elif state == KazooState.CONNECTED and self._started:
            emit("RECONNECTED", self.who, session="0x%x" % self.session_id())
        self.wake.set()

    def _signalled(self, signum, frame):
        self.stopping.set()
        self.wake.set()

    def close(self):
        """Closes the session, so the server deletes its ephemeral znodes now, not after the timeout."""
        self.stopping.set()
        try:
            self.zk.stop()
            self.zk.close()
        finally:
            emit("EXIT", self.who)


def connected(lab):
    """True when the client is connected (a read or write would reach the server)."""
    return lab.zk.state == KazooState.CONNECTED


def wait_connected(lab):
    """Blocks until connected again, or until the program is stopping. Returns False when stopping."""
    while not lab.stopping.is_set() and not connected(lab):
        lab.wake.clear()
        if connected(lab):
            break
        lab.wait()
    return not lab.stopping.is_set()
