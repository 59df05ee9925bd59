"""Helpers of the execution tests: build and drive kcc-run (tests/exec/kcc_run.c), through libkcc
or through an AOT header, and convert between numpy arrays and the files kcc-run reads/writes.

An argument list is a Python list, one entry per runtime parameter:
  np.ndarray       an input buffer (buf:)
  Out(shape, dt)   a zeroed output buffer, returned after the launch
  InOut(arr)       an input buffer that is also returned
  Guard(arr, out)  an input buffer ending exactly at a PROT_NONE page (returned if out=True)
  GuardOut(shape, dt)  a zeroed output buffer ending at a PROT_NONE page, returned
  S("i32", 5)      a scalar (i1 i8 ... u64 f32 f64 f16 bf16; f16bits/bf16bits for raw patterns)
run() returns the list of returned buffers, in argument order.
"""
import functools
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = Path(os.environ.get("KCC_BUILD", ROOT / "build"))
KCC = BUILD / "bin" / "kcc"
LIBDIR = BUILD / "lib"
LLVM_BIN = Path("/usr/lib/llvm-22/bin")
KCC_RUN_C = HERE / "kcc_run.c"
KERNELS = HERE / "kernels"

#: the target the kernels run on: $KCC_TARGET (default: the host CPU), and the num_warps they are
#: compiled with: $KCC_NUM_WARPS (default: kcc's, 4). A device target (opencl) runs the same cases
#: against the same references; conftest.py marks what cannot run there.
TARGET = os.environ.get("KCC_TARGET") or None
NUM_WARPS = os.environ.get("KCC_NUM_WARPS") or None
DEVICE_TARGETS = ("opencl", "nvidia", "amdgpu", "dcu")
#: $KCC_COMPILE_LIST=FILE: run() appends the kernel it would compile (source, kernel, signature,
#: constexprs, num_warps) to FILE as a JSON line and skips; tests/gpu/compile_all.py compiles the
#: list for the GPU targets.
COMPILE_LIST = os.environ.get("KCC_COMPILE_LIST") or None


def device_target():
    """The device target the suite runs on ("opencl"), or None on a CPU target."""
    return TARGET if TARGET and TARGET.split(":", 1)[0] in DEVICE_TARGETS else None


_SESSION = Path(tempfile.mkdtemp(prefix="kcc-exec-"))
CACHE_DIR = _SESSION / "cache"


def session_dir():
    return _SESSION


def cdiv(a, b):
    return (a + b - 1) // b


# ---- argument descriptions -------------------------------------------------------------------

class Out:
    def __init__(self, shape, dtype):
        self.shape = (shape,) if isinstance(shape, int) else tuple(shape)
        self.dtype = np.dtype(dtype)


class GuardOut(Out):
    pass


class InOut:
    def __init__(self, arr):
        self.arr = np.ascontiguousarray(arr)


class Guard:
    def __init__(self, arr, out=False):
        self.arr = np.ascontiguousarray(arr)
        self.out = out


class S:
    def __init__(self, type_, value):
        self.type, self.value = type_, value

    def spec(self):
        v = self.value
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, float):
            v = repr(v) if np.isfinite(v) else ("nan" if np.isnan(v) else ("inf" if v > 0 else "-inf"))
        return "%s:%s" % (self.type, v)


def i32(v):
    return S("i32", int(v))


def i64(v):
    return S("i64", int(v))


def u32(v):
    return S("u32", int(v))


def u64(v):
    return S("u64", int(v))


def f32(v):
    return S("f32", float(v))


# ---- kcc-run binaries ------------------------------------------------------------------------

def _cc_host(out, libs, flags=(), cc="gcc"):
    cmd = [cc, "-std=c11", "-D_GNU_SOURCE", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
           "-I", str(ROOT / "include")] + list(flags) + [str(KCC_RUN_C), "-o", str(out)] + libs
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("building kcc-run failed:\n%s\n%s" % (" ".join(cmd), r.stderr))
    return out


@functools.lru_cache(maxsize=None)
def kcc_run_binary():
    """build/bin/kcc-run when CMake built it from the current source, else a private build."""
    built = BUILD / "bin" / "kcc-run"
    if built.exists() and built.stat().st_mtime >= KCC_RUN_C.stat().st_mtime:
        return built
    return _cc_host(_SESSION / "kcc-run", ["-L", str(LIBDIR), "-lkcc",
                                            "-Wl,-rpath," + str(LIBDIR)])


def kcc_available():
    return KCC.exists() and (LIBDIR / "libkcc.so").exists()


# ---- the `# kcc:` line of an example -----------------------------------------------------------

def kcc_line(path):
    with open(path) as f:
        for line in f:
            if line.startswith("# kcc:"):
                return shlex.split(line[len("# kcc:"):])
    return None


def parse_kcc_line(argv):
    kernel, sig, defines = None, [], {}
    it = iter(argv)
    for a in it:
        if a == "-k":
            kernel = next(it)
        elif a == "--signature":
            sig.append(next(it))
        elif a == "-D" or a.startswith("-D"):
            d = next(it) if a == "-D" else a[2:]
            k, v = d.split("=", 1)
            defines[k] = v
    return kernel, ",".join(sig), defines


def sig_types(sig):
    return [e.split("=", 1)[1].strip() for e in sig.split(",") if e.strip()]


# ---- running ---------------------------------------------------------------------------------

class KccRunError(AssertionError):
    def __init__(self, rc, stderr, cmd):
        super().__init__("kcc-run exited with %s\n%s\n$ %s" % (rc, stderr, " ".join(map(shlex.quote, cmd))))
        self.rc, self.stderr = rc, stderr


_counter = [0]


def _fresh_dir():
    _counter[0] += 1
    d = _SESSION / ("run%04d" % _counter[0])
    d.mkdir()
    return d


def _define_args(defines):
    out = []
    for k, v in (defines or {}).items():
        out += ["-D", "%s=%s" % (k, v)]
    return out


def _arg_specs(args, d):
    specs, returned = [], []
    for i, a in enumerate(args):
        if isinstance(a, S):
            specs.append(a.spec())
        elif isinstance(a, GuardOut):
            p = d / ("out%d.bin" % i)
            specs.append("guardout:%s:%d" % (p, int(np.prod(a.shape)) * a.dtype.itemsize))
            returned.append((p, a.shape, a.dtype))
        elif isinstance(a, Out):
            p = d / ("out%d.bin" % i)
            specs.append("out:%s:%d" % (p, int(np.prod(a.shape)) * a.dtype.itemsize))
            returned.append((p, a.shape, a.dtype))
        elif isinstance(a, InOut):
            pi, po = d / ("in%d.bin" % i), d / ("out%d.bin" % i)
            a.arr.tofile(pi)
            specs.append("inout:%s:%s" % (pi, po))
            returned.append((po, a.arr.shape, a.arr.dtype))
        elif isinstance(a, Guard):
            pi = d / ("in%d.bin" % i)
            a.arr.tofile(pi)
            if a.out:
                po = d / ("out%d.bin" % i)
                specs.append("guard:%s:%s" % (pi, po))
                returned.append((po, a.arr.shape, a.arr.dtype))
            else:
                specs.append("guard:%s" % pi)
        elif isinstance(a, np.ndarray):
            pi = d / ("in%d.bin" % i)
            np.ascontiguousarray(a).tofile(pi)
            specs.append("buf:%s" % pi)
        elif a is None:
            specs.append("null")
        else:
            raise TypeError("unsupported kcc-run argument %r" % (a,))
    return specs, returned


def _grid(grid):
    if isinstance(grid, int):
        grid = (grid,)
    return ",".join(str(g) for g in grid)


def run(src, kernel, sig, defines, grid, args, threads=None, wrapper=None, host=None,
        expect_rc=0, timeout=None, extra=()):
    """Compiles and runs a kernel with kcc-run; returns the returned buffers (see module doc).
    `host` is another kcc-run binary (an AOT build); `wrapper` a command prefix (valgrind)."""
    d = _fresh_dir()
    if COMPILE_LIST and host is None:
        return _compile_list(src, kernel, sig, defines)
    specs, returned = _arg_specs(args, d)
    binary = host or kcc_run_binary()
    cmd = list(wrapper or []) + [str(binary), str(src)]
    if kernel:
        cmd += ["-k", kernel]
    if sig:
        cmd += ["--signature", sig]
    cmd += _define_args(defines) + ["--cache-dir", str(CACHE_DIR), "--grid", _grid(grid)]
    if TARGET and host is None and not any(str(e) in ("-t", "--target") for e in extra):
        cmd += ["-t", TARGET]
    if NUM_WARPS and host is None:
        cmd += ["--num-warps", NUM_WARPS]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    cmd += list(extra) + specs
    env = dict(os.environ)
    env.setdefault("KCC_NUM_THREADS", "2")
    if timeout is None:  # a device target compiles the program too: PoCL takes minutes on the
        timeout = 900 if TARGET and not TARGET.startswith("cpu") else 120  # largest kernels
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if r.returncode != expect_rc:
        raise KccRunError(r.returncode, r.stderr, [str(c) for c in cmd])
    if expect_rc:
        return r
    outs = [np.fromfile(p, dtype=dt).reshape(shape) for p, shape, dt in returned]
    shutil.rmtree(d, ignore_errors=True)
    return outs


def _compile_list(src, kernel, sig, defines):
    """The list mode: records the kernel in $KCC_COMPILE_LIST, then a skip."""
    import json
    import pytest
    row = {"src": str(src), "kernel": kernel, "sig": sig, "defines": _define_args(defines),
           "num_warps": NUM_WARPS}
    with open(COMPILE_LIST, "a") as f:
        f.write(json.dumps(row) + "\n")
    pytest.skip("listed for tests/gpu/compile_all.py")


# ---- AOT hosts -------------------------------------------------------------------------------

_C_SCALAR = {"i1": "uint8_t", "i8": "int8_t", "i16": "int16_t", "i32": "int32_t",
             "i64": "int64_t", "u8": "uint8_t", "u16": "uint16_t", "u32": "uint32_t",
             "u64": "uint64_t", "fp32": "float", "fp64": "double", "fp16": "uint16_t",
             "bf16": "uint16_t"}


def aot_glue(kernel, sig):
    types = sig_types(sig)
    lines = ['#include "kernel.h"',
             "static const char *const kcc_run_aot_types[] = {%s};"
             % ", ".join(['"%s"' % t for t in types] + ["NULL"]),
             "static int kcc_run_aot_launch(const unsigned g[3], void *const *a) {"]
    call = []
    for i, t in enumerate(types):
        call.append("*(void **)a[%d]" % i if t.startswith("*") else "*(%s *)a[%d]" % (_C_SCALAR[t], i))
    lines.append("  return %s_launch(g[0], g[1], g[2]%s);" % (kernel, "".join(", " + c for c in call)))
    lines.append("}")
    return "\n".join(lines) + "\n"


def kcc_cli(args, cwd=None, timeout=120):
    cmd = [str(KCC)] + [str(a) for a in args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    return r, cmd


@functools.lru_cache(maxsize=None)
def _aot_host(src, kernel, sig, defines_items, arch):
    """Builds lib<kernel>.so + kernel.h with the kcc CLI and a kcc-run linked against them
    (cross-compiled with aarch64-linux-gnu-gcc for arch "aarch64"; "x86-64" is the baseline ISA,
    which valgrind can run, unlike the host's AVX-512)."""
    d = _SESSION / ("aot-%s-%s-%d" % (kernel, arch or "host", len(os.listdir(_SESSION))))
    d.mkdir()
    so = d / ("lib%s.so" % kernel)
    r, cmd = kcc_cli([src, "-t", "cpu:" + arch if arch else "cpu", "-k", kernel, "--signature",
                      sig] + _define_args(dict(defines_items)) +
                     ["--cache-dir", CACHE_DIR, "-o", so, "--header", d / "kernel.h"])
    if r.returncode:
        raise KccRunError(r.returncode, r.stderr, [str(c) for c in cmd])
    (d / "glue.h").write_text(aot_glue(kernel, sig))
    cc = "aarch64-linux-gnu-gcc" if arch == "aarch64" else "gcc"
    return _cc_host(d / "kcc-run-aot", [str(so), "-Wl,-rpath," + str(d), "-lpthread"],
                    ['-DKCC_RUN_AOT_GLUE="glue.h"', "-I", str(d)], cc=cc)


def aot_host(src, kernel, sig, defines, arch=None):
    return _aot_host(str(src), kernel, sig, tuple(sorted((defines or {}).items())), arch)


# ---- numeric helpers -------------------------------------------------------------------------

def bf16_bits(x):
    """fp32 -> bf16 bit patterns, rounding to nearest even (NaN kept quiet)."""
    u = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(np.asarray(x, np.float32))
    return np.where(nan, ((u >> 16) | 0x40).astype(np.uint16), r)


def bf16_to_f32(bits):
    return (np.asarray(bits, np.uint16).astype(np.uint32) << 16).view(np.float32)


def wrap(x, dtype):
    """Python ints -> two's complement in dtype (exact, like C)."""
    dt = np.dtype(dtype)
    bits = dt.itemsize * 8
    x = np.asarray(x, dtype=object)
    f = np.vectorize(lambda v: ((int(v) + (1 << (bits - 1))) % (1 << bits)) - (1 << (bits - 1))
                     if dt.kind == "i" else int(v) % (1 << bits), otypes=[object])
    return f(x).astype(dt)


def c_div(a, b):
    """C truncating division of Python ints (b != 0)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def c_mod(a, b):
    return a - c_div(a, b) * b
