"""The attack on the kernel cache, scripted (tests/lit/cli/cache-trust.test).

Usage: cache_trust.py TEST_CACHE WORKDIR

TEST_CACHE is tests/runtime/test_cache.c built; `TEST_CACHE child DIR` compiles add_kernel with
cache DIR, runs it and exits 0 when the result is right. The planted object is a shared object
whose constructor creates a marker file: the marker existing means kcc loaded it. Prints one line
per check for FileCheck.
"""
import glob
import hashlib
import hmac
import os
import shutil
import struct
import subprocess
import sys
import tempfile

test_cache, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
marker = os.path.join(work, "planted-constructor-ran")

PLANT_C = r"""
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void) {
  int fd = open(MARKER, O_WRONLY | O_CREAT, 0644);
  if (fd >= 0) close(fd);
}
const char kcc_meta_add_kernel[] = "kcc-meta 1\nkernel add_kernel\nparam x_ptr *fp32\n"
                                   "param y_ptr *fp32\nparam out_ptr *fp32\nparam n i32\nend\n";
void add_kernel(void) {}
"""


def run(cache):
    """The victim's compile and run; (ok, stderr)."""
    env = dict(os.environ, KCC_CACHE_DEBUG="1")
    p = subprocess.run([test_cache, "child", cache], env=env, capture_output=True, text=True)
    return p.returncode == 0, p.stderr


def entry_of(cache):
    found = glob.glob(os.path.join(cache, "??", "*.so"))
    assert len(found) == 1, found
    return found[0]


def split(data):
    """(object, name, lengths, tag, magic) of an entry."""
    magic, tag = data[-8:], data[-40:-8]
    lengths = data[-52:-40]
    nlen, osize = struct.unpack("<IQ", lengths)
    return data[:osize], data[osize:osize + nlen], lengths, tag, magic


def trailer(obj, name, tag, magic):
    return obj + name + struct.pack("<IQ", len(name), len(obj)) + tag + magic


def kcc_tag(key, cache_key, lengths, obj, name):
    return hmac.new(key, cache_key + lengths + obj + name, hashlib.sha256).digest()


def check(label, ok):
    print("%s: %s" % (label, "ok" if ok else "FAILED"))


# The victim's own cache: the entry's tag is HMAC-SHA-256 under <cache>/key.
own = os.path.join(work, "own")
ok, _ = run(own)
entry = entry_of(own)
cache_key = os.path.basename(entry)[:-3].encode()
with open(os.path.join(own, "key"), "rb") as f:
    key = f.read()
with open(entry, "rb") as f:
    real = f.read()
obj, name, lengths, tag, magic = split(real)
check("own cache entry is HMAC-SHA-256 under the key", ok and magic == b"KCCSO v2" and
      tag == kcc_tag(key, cache_key, lengths, obj, name))

# The planted object, and proof that loading it shows.
src = os.path.join(work, "plant.c")
with open(src, "w") as f:
    f.write(PLANT_C)
plant = os.path.join(work, "plant.so")
subprocess.run(["cc", "-shared", "-fPIC", '-DMARKER="%s"' % marker, src, "-o", plant], check=True)
subprocess.run([sys.executable, "-c", "import ctypes, sys; ctypes.CDLL(sys.argv[1])", plant],
               check=True)
check("the planted object's constructor runs when it is loaded", os.path.exists(marker))
os.unlink(marker)
with open(plant, "rb") as f:
    planted = f.read()
sha = hashlib.sha256(planted + b"add_kernel").digest()  # the plain trailer anyone can compute
plain_v1 = trailer(planted, b"add_kernel", sha, b"KCCSO v1")
plain_v2 = trailer(planted, b"add_kernel", sha, b"KCCSO v2")

# Planted in the victim's own cache with a recomputed plain-SHA trailer: the tag fails, the kernel
# is rebuilt (right result) and the entry replaced by a valid one.
os.unlink(entry)
with open(entry, "wb") as f:
    f.write(plain_v2)
os.chmod(entry, 0o600)
ok, err = run(own)
with open(entry, "rb") as f:
    again = f.read()
check("plain-SHA plant in own cache not loaded, rebuilt, replaced",
      ok and not os.path.exists(marker) and "does not verify" in err and again == real)

# Another user. We need root to become someone else.
who = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
why = None
if os.geteuid() != 0:
    why = "not root"
elif not shutil.which("setpriv"):
    why = "no setpriv"
else:
    probe = subprocess.run(who + ["id", "-u"], capture_output=True, text=True)
    if probe.returncode != 0:
        why = "setpriv failed: " + probe.stderr.strip()
if why:
    print("skipped: cannot run as another user (%s)" % why)
    sys.exit(0)

base = tempfile.mkdtemp(prefix="kcc-trust-", dir="/tmp")
os.chmod(base, 0o1777)  # like /tmp: the other user may create there
for path, data in (("plain_v1", plain_v1), ("plain_v2", plain_v2)):
    with open(os.path.join(base, path), "wb") as f:
        f.write(data)
    os.chmod(os.path.join(base, path), 0o644)
sub, fname = os.path.basename(os.path.dirname(entry)), os.path.basename(entry)


def as_other(script):
    subprocess.run(who + ["sh", "-ec", script], check=True, cwd=base)


def listing(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)


try:
    # 1. The tester's attack: KCC_CACHE_DIR names a world-writable directory another user created,
    #    holding their object under the entry's name, with a plain trailer, and even a key of their
    #    own with a valid HMAC under it.
    evil_key = b"\x42" * 32
    e_obj, e_name, e_len, _, _ = split(plain_v2)
    with open(os.path.join(base, "evil_v2"), "wb") as f:
        f.write(trailer(e_obj, e_name, kcc_tag(evil_key, cache_key, e_len, e_obj, e_name),
                        b"KCCSO v2"))
    with open(os.path.join(base, "evil_key"), "wb") as f:
        f.write(evil_key)
    os.chmod(os.path.join(base, "evil_v2"), 0o644)
    os.chmod(os.path.join(base, "evil_key"), 0o644)
    as_other("mkdir -m 0777 evil; mkdir -m 0777 evil/%s; cp evil_v2 evil/%s/%s; "
             "cp evil_key evil/key; chmod 600 evil/key" % (sub, sub, fname))
    evil = os.path.join(base, "evil")
    before = listing(evil)
    ok, err = run(evil)
    check("foreign world-writable cache refused, compile works, plant not loaded",
          ok and not os.path.exists(marker) and "belongs to uid 65534" in err and
          listing(evil) == before)

    # 2. The victim's own cache left world-writable: the other user moves the entry's directory
    #    aside and puts their object (plain trailer) under the entry's name.
    mine = os.path.join(base, "mine")
    ok1, _ = run(mine)
    os.chmod(mine, 0o777)
    as_other("mv mine/%s mine/%s.aside; mkdir -m 0777 mine/%s; cp plain_v1 mine/%s/%s"
             % (sub, sub, sub, sub, fname))
    ok2, err2 = run(mine)
    check("own cache made world-writable refused after the swap, plant not loaded",
          ok1 and ok2 and not os.path.exists(marker) and "writable by other users" in err2)

    # 3. The same once the root is private again: the swapped directory is not the user's.
    os.chmod(mine, 0o700)
    ok3, err3 = run(mine)
    check("directory of another user inside the cache refused, plant not loaded",
          ok3 and not os.path.exists(marker) and "belongs to uid 65534" in err3)
finally:
    subprocess.run(["rm", "-rf", base])
