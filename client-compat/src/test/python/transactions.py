"""client.transaction(): success results, and the per-op errors of a failed transaction."""
from kazoo.exceptions import BadVersionError, NodeExistsError, NoNodeError, RolledBackError, RuntimeInconsistency
from kazoo.protocol.states import ZnodeStat

import compat

client = compat.connect()
root = compat.unique_root("transactions")
client.create(root)
client.create(root + "/existing", b"old")
client.create(root + "/doomed")

t = client.transaction()
t.create(root + "/new", b"n")
t.create(root + "/new/seq-", sequence=True)
t.set_data(root + "/existing", b"updated", version=0)
t.check(root + "/existing", 1)
t.delete(root + "/doomed")
results = t.commit()
compat.check_equal(results[0], root + "/new", "create result")
compat.check_equal(results[1], root + "/new/seq-0000000000", "sequential create result")
compat.check(isinstance(results[2], ZnodeStat) and results[2].version == 1, "set_data result %r" % (results[2],))
compat.check_equal(results[3:], [True, True], "check and delete results")
compat.check_equal(client.get(root + "/existing")[0], b"updated", "data after commit")
compat.check(client.exists(root + "/doomed") is None, "deleted by the transaction")
compat.check_equal(client.exists(root + "/new").czxid, results[2].mzxid, "one zxid for the whole transaction")

# A failing op: earlier ops roll back, the failing op reports its error, later ops RuntimeInconsistency.
t = client.transaction()
t.create(root + "/never")
t.set_data(root + "/existing", b"nope")
t.delete(root + "/missing")
t.create(root + "/never2")
results = t.commit()
compat.check_equal([type(r) for r in results], [RolledBackError, RolledBackError, NoNodeError, RuntimeInconsistency],
                   "failed transaction results")
compat.check(client.exists(root + "/never") is None, "rolled back create")
compat.check_equal(client.get(root + "/existing"), (b"updated", client.exists(root + "/existing")), "unchanged")
compat.check_equal(client.exists(root + "/existing").version, 1, "version unchanged")

t = client.transaction()
t.check(root + "/existing", 0)
t.create(root + "/never")
results = t.commit()
compat.check_equal([type(r) for r in results], [BadVersionError, RuntimeInconsistency], "failed check")

t = client.transaction()
t.create(root + "/twice")
t.create(root + "/twice")
results = t.commit()
compat.check_equal([type(r) for r in results], [RolledBackError, NodeExistsError], "duplicate create")
compat.check(client.exists(root + "/twice") is None, "duplicate create rolled back")

# The context-manager form commits on exit.
with client.transaction() as t:
    t.create(root + "/ctx", b"c")
compat.check_equal(client.get(root + "/ctx")[0], b"c", "context-manager transaction")

client.delete(root, recursive=True)
client.stop()
client.close()
compat.done("transactions")
