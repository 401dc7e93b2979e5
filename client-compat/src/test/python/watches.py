"""Raw one-shot watches (get/exists/get_children with watch=) and the DataWatch / ChildrenWatch helpers."""
import queue

from kazoo.protocol.states import EventType

import compat

client = compat.connect()
writer = compat.connect()
root = compat.unique_root("watches")
client.create(root, b"v0")

events = queue.Queue()


def take(what):
    try:
        return events.get(timeout=compat.WAIT_SECONDS)
    except queue.Empty:
        raise AssertionError("no watch event for " + what)


# get(watch=) fires once, on the first change.
client.get(root, watch=events.put)
writer.set(root, b"v1")
writer.set(root, b"v2")
event = take("get watch")
compat.check_equal((event.type, event.path), (EventType.CHANGED, root), "data watch event")

# exists(watch=) on a missing node fires on creation.
compat.check(client.exists(root + "/later", watch=events.put) is None, "not there yet")
writer.create(root + "/later")
event = take("exists watch")
compat.check_equal((event.type, event.path), (EventType.CREATED, root + "/later"), "exists watch event")

# get_children(watch=) fires on membership changes, not on a child's data.
client.get_children(root, watch=events.put)
writer.set(root + "/later", b"data of a child")
writer.create(root + "/second")
event = take("child watch")
compat.check_equal((event.type, event.path), (EventType.CHILD, root), "child watch event")

# Deleting a watched node fires DELETED.
client.get(root + "/second", watch=events.put)
writer.delete(root + "/second")
event = take("delete watch")
compat.check_equal((event.type, event.path), (EventType.DELETED, root + "/second"), "deleted event")
compat.check(events.empty(), "only one event per one-shot watch, got %r" % (list(events.queue),))

# DataWatch: called at once with the current value, then for every change, then with None on delete.
data_calls = compat.Events()


@client.DataWatch(root + "/later")
def on_data(data, stat, event):
    data_calls.add((data, stat.version if stat else None, event.type if event else None))


data_calls.wait_for(1)
writer.set(root + "/later", b"x")
data_calls.wait_for(2)
writer.set(root + "/later", b"y")
data_calls.wait_for(3)
writer.delete(root + "/later")
calls = data_calls.wait_for(4)
compat.check_equal(calls[0], (b"data of a child", 1, None), "DataWatch initial call")
compat.check_equal(calls[1], (b"x", 2, EventType.CHANGED), "DataWatch first change")
compat.check_equal(calls[2], (b"y", 3, EventType.CHANGED), "DataWatch second change")
compat.check_equal(calls[3][0:2], (None, None), "DataWatch on delete")

# ChildrenWatch: the children list each time it changes.
child_calls = compat.Events()


@client.ChildrenWatch(root)
def on_children(children):
    child_calls.add(sorted(children))


child_calls.wait_for(1)
writer.create(root + "/a")
child_calls.wait_for(2)
writer.create(root + "/b", ephemeral=True)
child_calls.wait_for(3)
writer.delete(root + "/a")
calls = child_calls.wait_for(4)
compat.check_equal(calls, [[], ["a"], ["a", "b"], ["b"]], "ChildrenWatch calls")

# An ephemeral vanishing at session close fires watches of other sessions.
client.exists(root + "/b", watch=events.put)
writer.stop()
writer.close()
event = take("ephemeral gone")
compat.check_equal((event.type, event.path), (EventType.DELETED, root + "/b"), "ephemeral deleted event")
calls = child_calls.wait_for(5)
compat.check_equal(calls[4], [], "ChildrenWatch after the ephemeral went")

client.delete(root, recursive=True)
client.stop()
client.close()
compat.done("watches")
