"""Shared helpers for the Kazoo compatibility scripts.

Every script is run as `/usr/bin/python3 <script> <host:port>` by KazooTest against a freshly started server
(Paddock or, to validate the scripts, Apache ZooKeeper). A script exits 0 when every check passed; any failed
check raises, which exits nonzero with a traceback.
"""
import logging
import sys
import threading
import uuid

from kazoo.client import KazooClient

WAIT_SECONDS = 30.0

logging.basicConfig(level=logging.WARNING, stream=sys.stderr)


def hosts():
    if len(sys.argv) != 2:
        sys.exit("usage: %s host:port" % sys.argv[0])
    return sys.argv[1]


def connect(timeout=10.0, **kwargs):
    client = KazooClient(hosts=hosts(), timeout=timeout, **kwargs)
    client.start(timeout=WAIT_SECONDS)
    return client


def unique_root(name):
    """A fresh top-level path per script run, so scripts never see each other's nodes."""
    return "/kazoo-%s-%s" % (name, uuid.uuid4().hex[:8])


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


def expect_error(error_type, function, *args, **kwargs):
    try:
        function(*args, **kwargs)
    except error_type as e:
        return e
    except Exception as e:  # noqa: BLE001 - report the wrong type precisely
        raise AssertionError("expected %s, got %r" % (error_type.__name__, e))
    raise AssertionError("expected %s, nothing was raised" % error_type.__name__)


class Events(object):
    """Collects callback invocations so a script can wait for the n-th one."""

    def __init__(self):
        self._items = []
        self._condition = threading.Condition()

    def add(self, item):
        with self._condition:
            self._items.append(item)
            self._condition.notify_all()

    def wait_for(self, count, timeout=WAIT_SECONDS):
        with self._condition:
            if not self._condition.wait_for(lambda: len(self._items) >= count, timeout):
                raise AssertionError("waited for %d events, got %r" % (count, self._items))
            return list(self._items)

    def snapshot(self):
        with self._condition:
            return list(self._items)


def done(name):
    print("%s: all checks passed" % name)
