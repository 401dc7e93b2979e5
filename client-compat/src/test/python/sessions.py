"""Ephemerals vanish when their session closes, and when it really expires (the holder is frozen with SIGSTOP
so it stops heartbeating; the server's expiry removes them)."""
import os
import signal
import subprocess
import sys
import threading

from kazoo.protocol.states import EventType

import compat

HOLDER = r'''
import sys, threading
from kazoo.client import KazooClient
from kazoo.protocol.states import KazooState
lost = threading.Event()
reconnected = threading.Event()
client = KazooClient(hosts=sys.argv[1], timeout=1.0)
def listener(state):
    if state == KazooState.LOST:
        lost.set()
    elif state == KazooState.CONNECTED and lost.is_set():
        reconnected.set()
client.add_listener(listener)
client.start(timeout=30)
old_session = client.client_id[0]
client.create(sys.argv[2], b"held", ephemeral=True)
print("ready %d" % old_session, flush=True)
# Frozen here by the parent; once resumed, the client must learn that its session is gone.
if not lost.wait(60):
    sys.exit("never saw LOST")
if not reconnected.wait(60):
    sys.exit("never reconnected with a new session")
if client.client_id[0] == old_session:
    sys.exit("same session id after expiry")
if client.exists(sys.argv[2]) is not None:
    sys.exit("ephemeral survived the expiry")
client.stop()
print("holder ok", flush=True)
'''

client = compat.connect()
root = compat.unique_root("sessions")
client.create(root)

# 1. Closing a session deletes its ephemerals at once.
other = compat.connect()
other.create(root + "/closing", ephemeral=True)
other.create(root + "/closing-seq-", ephemeral=True, sequence=True)
compat.check_equal(len(client.get_children(root)), 2, "ephemerals of the other session")
other.stop()
other.close()
compat.check_equal(client.get_children(root), [], "ephemerals after close")

# 2. Real expiry.
holder = subprocess.Popen([sys.executable, "-c", HOLDER, compat.hosts(), root + "/held"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    line = holder.stdout.readline().strip()
    compat.check(line.startswith("ready "), "holder did not start: %r" % line)
    session = int(line.split()[1])
    stat = client.exists(root + "/held")
    compat.check(stat is not None and stat.ephemeralOwner == session, "held by the holder's session")
    deleted = threading.Event()

    def on_event(event):
        if event.type == EventType.DELETED:
            deleted.set()

    client.exists(root + "/held", watch=on_event)
    os.kill(holder.pid, signal.SIGSTOP)
    try:
        compat.check(deleted.wait(compat.WAIT_SECONDS), "the frozen session never expired")
        compat.check(client.exists(root + "/held") is None, "ephemeral gone after expiry")
    finally:
        os.kill(holder.pid, signal.SIGCONT)
    output, _ = holder.communicate(timeout=120)
    compat.check_equal(holder.returncode, 0, "holder exit code (output: %s)" % output)
    compat.check("holder ok" in output, "holder output: %s" % output)
finally:
    if holder.poll() is None:
        holder.kill()

client.delete(root, recursive=True)
client.stop()
client.close()
compat.done("sessions")
