"""Kazoo recipes across several sessions: Election, Lock, Queue, LockingQueue, Barrier, DoubleBarrier, Counter,
Party, Semaphore."""
import threading

import compat

a = compat.connect()
b = compat.connect()
c = compat.connect()
root = compat.unique_root("recipes")
a.create(root)


def start(target, *args):
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


# Election: one leader at a time; the next contender takes over when the leader returns.
elected = compat.Events()
release = {"a": threading.Event(), "b": threading.Event()}
election_a = a.Election(root + "/election", "leader-a")
election_b = b.Election(root + "/election", "leader-b")


def lead(name):
    elected.add(name)
    release[name].wait(compat.WAIT_SECONDS)


start(election_a.run, lead, "a")
first = elected.wait_for(1)[0]
start(election_b.run, lead, "b")
second_name = "b" if first == "a" else "a"
contenders = None
for _ in range(100):
    contenders = election_a.contenders()
    if len(contenders) == 2:
        break
    threading.Event().wait(0.05)
compat.check_equal(contenders[0], "leader-" + first, "the leader is the first contender")
compat.check_equal(sorted(contenders), ["leader-a", "leader-b"], "contenders")
compat.check_equal(elected.snapshot(), [first], "no second leader while the first leads")
release[first].set()
compat.check_equal(elected.wait_for(2), [first, second_name], "leadership handed over")
release[second_name].set()

# Lock: exclusive across sessions, with contenders listed in order.
lock_a = a.Lock(root + "/lock", "holder-a")
lock_b = b.Lock(root + "/lock", "holder-b")
compat.check(lock_a.acquire(timeout=compat.WAIT_SECONDS), "a acquires")
compat.check(not lock_b.acquire(blocking=False), "b cannot acquire while a holds")
got_b = threading.Event()


def take_b():
    if lock_b.acquire(timeout=compat.WAIT_SECONDS):
        got_b.set()


start(take_b)
for _ in range(100):
    if len(lock_a.contenders()) == 2:
        break
    threading.Event().wait(0.05)
compat.check_equal(lock_a.contenders(), ["holder-a", "holder-b"], "lock contenders")
compat.check(not got_b.is_set(), "b waits")
lock_a.release()
compat.check(got_b.wait(compat.WAIT_SECONDS), "b acquires after a releases")
lock_b.release()

# Queue: priority first, then FIFO.
queue_a = a.Queue(root + "/queue")
queue_b = b.Queue(root + "/queue")
queue_a.put(b"first")
queue_a.put(b"second")
queue_a.put(b"urgent", priority=1)
compat.check_equal(len(queue_b), 3, "queue length")
compat.check_equal([queue_b.get(), queue_b.get(), queue_b.get()], [b"urgent", b"first", b"second"], "queue order")
compat.check(queue_b.get() is None, "empty queue")

# LockingQueue: an item being worked on is invisible to other consumers until released or consumed.
lq_a = a.LockingQueue(root + "/locking-queue")
lq_b = b.LockingQueue(root + "/locking-queue")
lq_a.put(b"job1")
lq_a.put(b"job2")
compat.check_equal(lq_a.get(timeout=compat.WAIT_SECONDS), b"job1", "a takes job1")
compat.check_equal(lq_b.get(timeout=compat.WAIT_SECONDS), b"job2", "b takes job2, job1 is locked")
compat.check(lq_b.release(), "b puts job2 back")
compat.check(lq_a.consume(), "a finishes job1")
compat.check_equal(lq_b.get(timeout=compat.WAIT_SECONDS), b"job2", "job2 available again")
compat.check(lq_b.consume(), "b finishes job2")
compat.check_equal(len(lq_a), 0, "locking queue empty")

# Barrier: waiters block until the barrier is removed.
barrier_a = a.Barrier(root + "/barrier")
barrier_b = b.Barrier(root + "/barrier")
barrier_a.create()
compat.check(not barrier_b.wait(timeout=0.3), "wait times out while the barrier stands")
passed = threading.Event()
start(lambda: barrier_b.wait(timeout=compat.WAIT_SECONDS) and passed.set())
barrier_a.remove()
compat.check(passed.wait(compat.WAIT_SECONDS), "waiter passed once the barrier was removed")

# DoubleBarrier: nobody enters until all three are there; nobody leaves until all three leave.
log = compat.Events()


def participate(client, name):
    barrier = client.DoubleBarrier(root + "/double-barrier", 3)
    barrier.enter()
    log.add("entered " + name)
    barrier.leave()
    log.add("left " + name)


start(participate, a, "a")
start(participate, b, "b")
for _ in range(600):
    if a.exists(root + "/double-barrier") and len(a.get_children(root + "/double-barrier")) >= 2:
        break
    threading.Event().wait(0.05)
compat.check_equal(len(a.get_children(root + "/double-barrier")), 2, "two participants waiting")
compat.check(not log.snapshot(), "two of three cannot enter")
start(participate, c, "c")
entries = log.wait_for(6)
compat.check(all(e.startswith("entered") for e in entries[:3]), "everyone entered before anyone left: %r" % entries)

# Counter: shared, atomic increments from several sessions.
counter_a = a.Counter(root + "/counter")
counter_b = b.Counter(root + "/counter")
counter_a += 5
counter_a -= 2
compat.check_equal(counter_b.value, 3, "counter seen by another session")


def add_many(counter):
    for _ in range(20):
        counter += 1


threads = [start(add_many, a.Counter(root + "/counter")), start(add_many, b.Counter(root + "/counter"))]
for thread in threads:
    thread.join(compat.WAIT_SECONDS * 2)
compat.check_equal(c.Counter(root + "/counter").value, 43, "no lost increments")

# Party: membership by ephemeral nodes.
party_a = a.Party(root + "/party", "member-a")
party_b = b.Party(root + "/party", "member-b")
party_a.join()
party_b.join()
compat.check_equal(sorted(c.Party(root + "/party")), ["member-a", "member-b"], "party members")
compat.check_equal(len(c.Party(root + "/party")), 2, "party size")
party_a.leave()
compat.check_equal(list(c.Party(root + "/party")), ["member-b"], "after a leaves")
b.stop()
b.close()
compat.check_equal(list(c.Party(root + "/party")), [], "a closed session leaves the party")

# Semaphore: at most max_leases holders.
sem_a = a.Semaphore(root + "/semaphore", "lease-a", max_leases=2)
sem_c = c.Semaphore(root + "/semaphore", "lease-c", max_leases=2)
sem_x = compat.connect().Semaphore(root + "/semaphore", "lease-x", max_leases=2)
compat.check(sem_a.acquire(timeout=compat.WAIT_SECONDS), "first lease")
compat.check(sem_c.acquire(timeout=compat.WAIT_SECONDS), "second lease")
compat.check(not sem_x.acquire(blocking=False), "no third lease")
compat.check_equal(sorted(sem_a.lease_holders()), ["lease-a", "lease-c"], "lease holders")
sem_a.release()
compat.check(sem_x.acquire(timeout=compat.WAIT_SECONDS), "a released lease is available")
sem_x.release()
sem_c.release()

a.delete(root, recursive=True)
for client in (a, c):
    client.stop()
    client.close()
compat.done("recipes")
