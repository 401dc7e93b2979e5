"""Create / get / set / delete with exact stats, errors, and sequential names."""
from kazoo.exceptions import (BadVersionError, NoChildrenForEphemeralsError, NodeExistsError,
                              NoNodeError, NotEmptyError)

import compat

client = compat.connect()
root = compat.unique_root("crud")

path, stat = client.create(root, b"root data", include_data=True)
compat.check_equal(path, root, "created path")
compat.check_equal(stat.version, 0, "version")
compat.check_equal(stat.cversion, 0, "cversion")
compat.check_equal(stat.aversion, 0, "aversion")
compat.check_equal(stat.dataLength, 9, "dataLength")
compat.check_equal(stat.numChildren, 0, "numChildren")
compat.check_equal(stat.ephemeralOwner, 0, "ephemeralOwner")
compat.check_equal(stat.mzxid, stat.czxid, "mzxid of a new node")
compat.check_equal(stat.pzxid, stat.czxid, "pzxid of a new node")
compat.check_equal(stat.mtime, stat.ctime, "mtime of a new node")

data, read_stat = client.get(root)
compat.check_equal(data, b"root data", "data")
compat.check_equal(read_stat, stat, "get() stat")
compat.check_equal(client.exists(root), stat, "exists() stat")
compat.check(client.exists(root + "/missing") is None, "exists of a missing node is None")

set_stat = client.set(root, b"new", version=0)
compat.check_equal(set_stat.version, 1, "version after set")
compat.check(set_stat.mzxid > stat.mzxid, "mzxid moves on set")
compat.check_equal(set_stat.czxid, stat.czxid, "czxid stays")
compat.check_equal(set_stat.dataLength, 3, "dataLength after set")
compat.expect_error(BadVersionError, client.set, root, b"stale", version=0)
compat.check_equal(client.get(root)[0], b"new", "a refused set changed nothing")

# Empty values round-trip as empty bytes.
client.create(root + "/empty")
compat.check_equal(client.get(root + "/empty")[0], b"", "empty value")

# Children and the parent's stat.
child_path, child_stat = client.create(root + "/child", b"c", include_data=True)
parent = client.exists(root)
compat.check_equal(parent.numChildren, 2, "numChildren")
compat.check_equal(parent.cversion, 2, "cversion after two creates")
compat.check_equal(parent.pzxid, child_stat.czxid, "pzxid is the last child's czxid")
compat.check_equal(sorted(client.get_children(root)), ["child", "empty"], "children")
children, children_stat = client.get_children(root, include_data=True)
compat.check_equal(children_stat, parent, "get_children(include_data=True) stat")

# Errors.
compat.expect_error(NodeExistsError, client.create, root + "/child")
compat.expect_error(NoNodeError, client.create, root + "/missing/child")
compat.expect_error(NoNodeError, client.get, root + "/missing")
compat.expect_error(NoNodeError, client.set, root + "/missing", b"x")
compat.expect_error(NoNodeError, client.delete, root + "/missing")
compat.expect_error(NotEmptyError, client.delete, root)
compat.expect_error(BadVersionError, client.delete, root + "/child", version=7)
client.create(root + "/eph", ephemeral=True)
compat.expect_error(NoChildrenForEphemeralsError, client.create, root + "/eph/kid")
# Kazoo normalises paths locally ("/a/" is "/a"), so the server's own path checks are covered by the Java tests.
compat.expect_error(NodeExistsError, client.create, root + "/")
compat.check_equal(client.exists(root + "/eph").ephemeralOwner, client.client_id[0], "ephemeral owner")

# makepath creates the missing parents.
client.create(root + "/a/b/c", b"deep", makepath=True)
compat.check_equal(client.get(root + "/a/b/c")[0], b"deep", "makepath")
client.ensure_path(root + "/a/b/c/d")
compat.check(client.exists(root + "/a/b/c/d") is not None, "ensure_path")

# Sequential names: %010d of the parent's count of creates; deletes never free a number.
seq = root + "/seq"
client.create(seq)
first = client.create(seq + "/n-", sequence=True)
second = client.create(seq + "/n-", sequence=True, ephemeral=True)
compat.check_equal(first, seq + "/n-0000000000", "first sequential")
compat.check_equal(second, seq + "/n-0000000001", "second sequential")
client.delete(first)
client.delete(second)
compat.check_equal(client.create(seq + "/n-", sequence=True), seq + "/n-0000000002", "after deletes")
compat.check_equal(client.exists(seq).cversion, 5, "cversion counts creates and deletes")

# Delete with the right version, then recursively.
client.delete(root + "/child", version=0)
compat.check(client.exists(root + "/child") is None, "deleted")
client.delete(root, recursive=True)
compat.check(client.exists(root) is None, "recursive delete")

client.stop()
client.close()
compat.done("crud")
