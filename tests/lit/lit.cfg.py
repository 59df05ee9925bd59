# lit configuration for kcc: every stage is tested in its own input language with FileCheck.
import os
import platform

import lit.formats

config.name = "kcc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".py", ".mlir", ".test", ".c"]
config.excludes = ["Inputs", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)

root = os.path.abspath(os.path.join(config.test_source_root, "..", ".."))
build = lit_config.params.get("kcc_build", os.path.join(root, "build"))
bindir = os.path.join(build, "bin")
config.test_exec_root = os.path.join(build, "lit")

llvm_bin = "/usr/lib/llvm-22/bin"
config.environment["PATH"] = os.pathsep.join([bindir, llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["KCC_CACHE_DIR"] = os.path.join(build, "lit-cache")
for var in ("HOME", "TMPDIR", "KCC_NUM_THREADS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%kcc-opt", os.path.join(bindir, "kcc-opt")))
config.substitutions.append(("%kcc", os.path.join(bindir, "kcc")))
config.substitutions.append(("%root", root))
config.substitutions.append(("%python", "/usr/bin/python3"))

if platform.machine() in ("x86_64", "AMD64"):
    config.available_features.add("x86_64")
if os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("ptxas")

# "opencl": an OpenCL device is there, found by asking the ICD loader (in a child process, so that
# no driver threads live in lit's). Without one, the device tests still run their CPU parts and
# print "skipped: no OpenCL device (...)"; so does this note.
_opencl_probe = r"""
import ctypes, os, sys
lib = os.environ.get("KCC_OPENCL_LIB") or "libOpenCL.so.1"
try:
    cl = ctypes.CDLL(lib)
except OSError as e:
    sys.exit("cannot load %s: %s" % (lib, e))
n = ctypes.c_uint(0)
if cl.clGetPlatformIDs(0, None, ctypes.byref(n)) != 0 or n.value == 0:
    sys.exit("the OpenCL loader found no platform")
plats = (ctypes.c_void_p * n.value)()
cl.clGetPlatformIDs(n.value, plats, None)
for p in plats:
    d = ctypes.c_uint(0)
    if cl.clGetDeviceIDs(ctypes.c_void_p(p), ctypes.c_ulong(0xFFFFFFFF), 0, None, ctypes.byref(d)) == 0 and d.value:
        sys.exit(0)
sys.exit("%d OpenCL platform(s), no device" % n.value)
"""
import subprocess
for var in ("KCC_OPENCL_LIB", "OCL_ICD_VENDORS"):  # what the loaders read, so the probe and tests agree
    if var in os.environ:
        config.environment[var] = os.environ[var]
try:
    _r = subprocess.run(["/usr/bin/python3", "-c", _opencl_probe], capture_output=True, text=True,
                        timeout=60, env=config.environment)
    _why = _r.stderr.strip().splitlines()[-1] if _r.returncode else ""
except (OSError, subprocess.TimeoutExpired) as e:
    _why = "probe failed: %s" % e
if _why:
    lit_config.note("skipped: no OpenCL device (%s)" % _why)
else:
    lit_config.note("OpenCL device found: the device tests run on it")
    config.available_features.add("opencl")
