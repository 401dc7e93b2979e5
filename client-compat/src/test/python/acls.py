"""ACLs: make_digest_acl, add_auth, get_acls / set_acls with versions, NoAuth, InvalidACL."""
from kazoo.exceptions import BadVersionError, InvalidACLError, NoAuthError
from kazoo.security import ACL, Id, OPEN_ACL_UNSAFE, Permissions, make_acl, make_digest_acl

import compat

owner = compat.connect(auth_data=[("digest", "owner:secret")])
stranger = compat.connect()
root = compat.unique_root("acls")
owner.create(root)

private_acl = [make_digest_acl("owner", "secret", all=True)]
owner.create(root + "/private", b"for owner only", acl=private_acl)
compat.expect_error(NoAuthError, stranger.get, root + "/private")
compat.expect_error(NoAuthError, stranger.set, root + "/private", b"x")
compat.expect_error(NoAuthError, stranger.get_children, root + "/private")
compat.expect_error(NoAuthError, stranger.create, root + "/private/child")
compat.check_equal(owner.get(root + "/private")[0], b"for owner only", "owner reads")

acls, stat = owner.get_acls(root + "/private")
compat.check_equal(acls, private_acl, "stored ACL")
compat.check_equal(stat.aversion, 0, "aversion")

# Read for the world, everything for the owner; aversion counts ACL changes.
mixed = private_acl + [make_acl("world", "anyone", read=True)]
stat = owner.set_acls(root + "/private", mixed, version=0)
compat.check_equal(stat.aversion, 1, "aversion after set_acls")
compat.expect_error(BadVersionError, owner.set_acls, root + "/private", mixed, version=0)
compat.check_equal(stranger.get(root + "/private")[0], b"for owner only", "world may read now")
compat.expect_error(NoAuthError, stranger.set, root + "/private", b"x")
# Without ADMIN the digest in get_acls is masked.
acls, _ = stranger.get_acls(root + "/private")
compat.check_equal(acls[0].id, Id("digest", "owner:x"), "masked digest")

# add_auth on a live session.
stranger.add_auth("digest", "owner:secret")
stranger.set(root + "/private", b"now allowed")
compat.check_equal(owner.get(root + "/private")[0], b"now allowed", "write after add_auth")

# The auth scheme stands for the session's own identities.
owner.create(root + "/auth", acl=[ACL(Permissions.ALL, Id("auth", ""))])
compat.check_equal(owner.get_acls(root + "/auth")[0], private_acl, "auth scheme expanded")
anonymous = compat.connect()
compat.expect_error(InvalidACLError, anonymous.create, root + "/auth2", acl=[ACL(Permissions.ALL, Id("auth", ""))])
compat.expect_error(InvalidACLError, anonymous.create, root + "/bad", acl=[ACL(Permissions.ALL, Id("world", "x"))])
compat.check(anonymous.exists(root + "/bad") is None, "refused creates left nothing")

# The super user (configured by the test fixture) passes every check.
superuser = compat.connect(auth_data=[("digest", "super:superpw")])
superuser.set_acls(root + "/private", OPEN_ACL_UNSAFE)
compat.check_equal(anonymous.get(root + "/private")[0], b"now allowed", "opened by super")

superuser.delete(root, recursive=True)
for c in (owner, stranger, anonymous, superuser):
    c.stop()
    c.close()
compat.done("acls")
