"""Every example kernel (examples/*.py) run on the CPU target from a C host, and checked against a
reference computed independently with numpy / plain Python:

* through libkcc (kcc_compile + kcc_launch) by kcc-run (tests/exec/kcc_run.c), and
* through the AOT path: `kcc ... -o libK.so --header kernel.h`, with kcc-run rebuilt against the
  header's K_launch (no libkcc in the process).

The compile options come from each example's `# kcc:` line; a case may override defines (and the
signature) for a variant. Inputs that end exactly at a PROT_NONE page (Guard) make every masked
tail load an out-of-bounds check.
"""
import functools
import glob
import math
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from exec_harness import (CACHE_DIR, LLVM_BIN, ROOT, Guard, GuardOut, InOut, Out, aot_host,
                          bf16_bits, cdiv, f32, i32, i64, kcc_available, kcc_cli, kcc_line,
                          parse_kcc_line, run, session_dir, wrap)

pytestmark = pytest.mark.skipif(not kcc_available(), reason="kcc is not built (build/bin/kcc)")

EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.py")))


def rng(seed=0):
    return np.random.default_rng(seed)


class Case:
    """One run of an example: arguments, grid and a check of the returned buffers."""

    def __init__(self, grid, args, check, defines=None, sig=None, threads=None):
        self.grid, self.args, self.check = grid, args, check
        self.defines, self.sig, self.threads = defines or {}, sig, threads


# ---- references and cases, one function per example variant ----------------------------------

def vector_add():
    n = 3000
    x, y = rng().random(n, np.float32), rng(1).random(n, np.float32)

    def check(out):
        np.testing.assert_array_equal(out[0], x + y)
    return Case(cdiv(n, 1024), [Guard(x), Guard(y), Out(n, np.float32), i32(n)], check)


def softmax():
    rows, cols, in_stride, out_stride = 37, 300, 320, 310
    x = rng().standard_normal((rows, in_stride)).astype(np.float32) * 3
    x64 = x[:, :cols].astype(np.float64)
    e = np.exp(x64 - x64.max(1, keepdims=True))
    ref = e / e.sum(1, keepdims=True)

    def check(out):
        y = out[0].reshape(rows, out_stride)
        np.testing.assert_allclose(y[:, :cols], ref, rtol=1e-5, atol=1e-7)
        assert (y[:, cols:] == 0).all(), "wrote outside the rows"
    # 8 programs walk 37 rows with a grid-stride tl.range loop
    return Case(8, [Out(rows * out_stride, np.float32), Guard(x.ravel()), i32(in_stride),
                    i32(out_stride), i32(rows), i32(cols)], check)


def _leaky(x):
    return np.where(x >= 0, x, 0.01 * x)


def _matmul(M, N, K, transposed_b, out_fp16, activation, seed=0):
    a = rng(seed).standard_normal((M, K)).astype(np.float16)
    b = rng(seed + 1).standard_normal((K, N)).astype(np.float16)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    if activation == "leaky_relu":
        ref = _leaky(ref)
    if transposed_b:  # B stored as N x K: stride_bk = 1, stride_bn = K
        b_buf, sbk, sbn = np.ascontiguousarray(b.T), 1, K
    else:
        b_buf, sbk, sbn = b, N, 1
    odt = np.float16 if out_fp16 else np.float32

    def check(out):
        c = out[0].astype(np.float64)
        if out_fp16:
            np.testing.assert_allclose(c, ref, rtol=2e-3, atol=2e-3)
        else:
            np.testing.assert_allclose(c, ref, rtol=1e-5, atol=1e-4)
    grid = cdiv(M, 64) * cdiv(N, 64)
    defines = {"ACTIVATION": '"%s"' % activation}
    sig = None
    if not out_fp16:
        defines["OUT_FP16"] = "False"
        sig = ("a_ptr=*fp16,b_ptr=*fp16,c_ptr=*fp32,M=i32,N=i32,K=i32,stride_am=i32,"
               "stride_ak=i32,stride_bk=i32,stride_bn=i32,stride_cm=i32,stride_cn=i32")
    return Case(grid, [Guard(a), Guard(b_buf), Out((M, N), odt), i32(M), i32(N), i32(K), i32(K),
                       i32(1), i32(sbk), i32(sbn), i32(N), i32(1)], check, defines, sig)


def matmul():
    return _matmul(70, 90, 50, False, True, "leaky_relu")


def matmul_bt_fp32():
    return _matmul(130, 40, 100, True, False, "")


def _layernorm(M, N, stride):
    x = rng().standard_normal((M, stride)).astype(np.float32) + 0.5
    w, b = rng(1).random(N, np.float32), rng(2).standard_normal(N).astype(np.float32)
    x64 = x[:, :N].astype(np.float64)
    mu = x64.mean(1)
    var = ((x64 - mu[:, None]) ** 2).mean(1)
    rstd = 1 / np.sqrt(var + 1e-5)
    y = (x64 - mu[:, None]) * rstd[:, None] * w + b

    def check(out):
        yk, mk, rk = out
        np.testing.assert_allclose(mk, mu, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(rk, rstd, rtol=1e-4)
        np.testing.assert_allclose(yk.reshape(M, stride)[:, :N], y, rtol=1e-4, atol=1e-5)
        assert (yk.reshape(M, stride)[:, N:] == 0).all()
    return Case(M, [Guard(x.ravel()), Out(M * stride, np.float32), Guard(w), Guard(b),
                    Out(M, np.float32), Out(M, np.float32), i32(stride), i32(N), f32(1e-5)],
                check)


def layernorm():
    return _layernorm(9, 700, 705)


def layernorm_multiblock():  # N > BLOCK_SIZE: three trips through each loop
    return _layernorm(4, 2500, 2500)


def grid2d():
    M, N, sx, sy, so = 50, 70, 73, 51, 53
    x = rng().random((M, sx), np.float32)
    y = rng(1).random((N, sy), np.float32)
    ref = x[:, :N].T + y[:, :M]

    def check(out):
        o = out[0].reshape(N, so)
        np.testing.assert_array_equal(o[:, :M], ref)
        assert (o[:, M:] == 0).all()
    return Case((cdiv(M, 32), cdiv(N, 64)), [Guard(x.ravel()), Guard(y.ravel()),
                                             Out(N * so, np.float32), i32(M), i32(N), i32(sx),
                                             i32(sy), i32(so)], check)


def _collatz_ref(v, max_steps):
    steps = 0
    while v != 1 and steps < max_steps:
        if v % 2 == 0:          # same truth value under C and Python %
            v = v // 2          # exact: v is even
        else:
            v = int(wrap(3 * v + 1, np.int32))
        steps += 1
    return steps


def while_loop():
    vals = list(range(1, 101)) + [0, -1, -2, -7, 27, 97, 871, 1 << 30 | 1, 2147483647,
                                  -2147483648, 1431655765, 2863311531 - (1 << 32)]
    x = np.array(vals, np.int32)
    n, max_steps = len(x), 200

    def check(out):
        np.testing.assert_array_equal(out[0], [_collatz_ref(int(v), max_steps) for v in x])
    return Case(cdiv(n, 64), [Guard(x), Out(n, np.int32), i32(n), i32(max_steps)], check)


def _static_range(horner):
    n = 200
    x = np.linspace(-1.5, 1.5, n).astype(np.float32)
    coef = np.array([1.0, 0.5, -0.25, 0.125, 2.0], np.float32)
    signs = [1, -1, 1, -1, 1]
    x64 = x.astype(np.float64)
    if horner:
        ref = sum(float(coef[i]) * signs[i] * x64 ** i for i in range(5))
    else:  # the non-Horner branch alternates += / -= and ignores SIGNS
        ref = sum(float(coef[i]) * (1 if i % 2 == 0 else -1) * x64 ** i for i in range(5))

    def check(out):
        np.testing.assert_allclose(out[0], ref, rtol=1e-5, atol=1e-6)
    return Case(cdiv(n, 128), [Guard(x), Guard(coef), Out(n, np.float32), i32(n)], check,
                {"HORNER": str(horner)})


def static_range():
    return _static_range(True)


def static_range_sum():
    return _static_range(False)


def rmsnorm_fp16():
    R, C, sx, sy = 6, 300, 304, 310
    x = rng().standard_normal((R, sx)).astype(np.float16)
    w = (rng(1).random(C) + 0.5).astype(np.float16)
    x64 = x[:, :C].astype(np.float64)
    rstd = 1 / np.sqrt((x64 * x64).mean(1) + 1e-6)
    y = x64 * rstd[:, None] * w.astype(np.float64)

    def check(out):
        yk, rk = out
        np.testing.assert_allclose(rk, rstd, rtol=1e-5)
        yk = yk.reshape(R, sy)
        np.testing.assert_allclose(yk[:, :C].astype(np.float64), y, rtol=2e-3, atol=1e-3)
        assert (yk[:, C:] == 0).all()
    return Case(R, [Out(R * sy, np.float16), Guard(x.ravel()), Guard(w), Out(R, np.float32),
                    i32(sy), i32(sx), i32(C), f32(1e-6)], check)


def _gelu_ref(x, approx):
    x = x.astype(np.float64)
    if approx == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def _helper_call(approx):
    n, B = 600, 256
    x = np.linspace(-4, 4, n).astype(np.float32)
    y = _gelu_ref(x, approx)
    nb = cdiv(n, B)

    def check(out):
        o, stats = out
        np.testing.assert_allclose(o, y, rtol=1e-5, atol=2e-6)
        for p in range(nb):
            blk = y[p * B:(p + 1) * B]
            np.testing.assert_allclose(stats[2 * p], blk.sum() / B, rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(stats[2 * p + 1], blk.max(), rtol=1e-5, atol=1e-6)
    return Case(nb, [Guard(x), Out(n, np.float32), Out(2 * nb, np.float32), i32(n)], check,
                {"APPROX": '"%s"' % approx})


def helper_call():
    return _helper_call("tanh")


def helper_call_erf():
    return _helper_call("none")


def cumsum_argmax():
    R, C, stride = 6, 100, 107
    x = rng().standard_normal((R, stride)).astype(np.float32)
    x[1, 10] = x[1, 50] = 9.0          # tie: the smaller index wins
    x[2, :C] = 1.0                     # all equal -> index 0
    x[3, C - 1] = 50.0                 # maximum at the last live column
    x[4, C:] = 100.0                   # larger values outside the row must be ignored
    live = x[:, :C].astype(np.float64)

    def check(out):
        cum, idx, mx = out
        cum = cum.reshape(R, stride)
        np.testing.assert_allclose(cum[:, :C], np.cumsum(live, 1), rtol=1e-5, atol=1e-5)
        am = np.argmax(live, 1)
        np.testing.assert_array_equal(idx[0::2], am)
        np.testing.assert_array_equal(idx[1::2], am)
        np.testing.assert_array_equal(mx, live.max(1).astype(np.float32))
    return Case(R, [Guard(x.ravel()), Out(R * stride, np.float32), Out(2 * R, np.int32),
                    Out(R, np.float32), i32(C), i32(stride)], check)


def _embedding(has_padding):
    V, D, n, pad = 20, 200, 37, 3
    weight = bf16_bits(rng().standard_normal((V, D)).astype(np.float32))
    idx = rng(1).integers(0, V, n).astype(np.int64)
    idx[[0, 5, 36]] = pad

    def check(out):
        ref = weight[idx].copy()
        if has_padding:
            ref[idx == pad] = 0
        np.testing.assert_array_equal(out[0], ref)
    return Case((cdiv(n, 16), cdiv(D, 128)), [Out((n, D), np.uint16), Guard(weight), Guard(idx),
                                              i32(n), i32(D), i64(pad)], check,
                {"HAS_PADDING": str(has_padding)})


def embedding():
    return _embedding(True)


def embedding_nopad():
    return _embedding(False)


def flash_attention():
    ZH, N_CTX, D = 2, 100, 64
    q = (rng().standard_normal((ZH, N_CTX, D)) * 0.5).astype(np.float16)
    k = (rng(1).standard_normal((ZH, N_CTX, D)) * 0.5).astype(np.float16)
    v = rng(2).standard_normal((ZH, N_CTX, D)).astype(np.float16)
    sm_scale = 0.125
    s = np.einsum("hmd,hnd->hmn", q.astype(np.float64), k.astype(np.float64)) * sm_scale
    smax = s.max(-1, keepdims=True)
    p = np.exp(s - smax)
    lse = np.log(p.sum(-1)) + smax[..., 0]
    o = np.einsum("hmn,hnd->hmd", p / p.sum(-1, keepdims=True), v.astype(np.float64))

    def check(out):
        ok, mk = out
        np.testing.assert_allclose(ok.astype(np.float64), o, rtol=1e-2, atol=1e-2)
        np.testing.assert_allclose(mk, lse / math.log(2), rtol=1e-4, atol=1e-4)
    return Case((cdiv(N_CTX, 64), ZH), [Guard(q), Guard(k), Guard(v), Out((ZH, N_CTX, D), np.float16),
                                        Out((ZH, N_CTX), np.float32), f32(sm_scale), i32(D), i32(D),
                                        i32(D), i32(D), i32(N_CTX)], check)


def block_ptr_matmul():
    M, N, K = 70, 45, 100
    a = rng().standard_normal((M, K)).astype(np.float16)
    b = rng(1).standard_normal((K, N)).astype(np.float16)
    ref = a.astype(np.float64) @ b.astype(np.float64)

    def check(out):
        (c,) = out
        np.testing.assert_allclose(c, ref, rtol=1e-3, atol=1e-3)
    return Case((cdiv(M, 32), cdiv(N, 32)), [Guard(a), Guard(b), GuardOut((M, N), np.float32),
                                             i32(M), i32(N), i32(K), i32(K), i32(N), i32(N)],
                check)


def atomics():
    BLOCK, G, bins = 256, 8, 37
    n = BLOCK * 40 + 17
    x = rng().integers(-3, bins + 3, n).astype(np.int32)
    w = (rng(1).integers(-8, 9, n) / 4).astype(np.float32)  # sums stay exact in fp32
    grid = cdiv(n, BLOCK)
    hist = np.bincount(x[(x >= 0) & (x < bins)], minlength=bins)
    partial = np.zeros(G)
    for p in range(grid):
        partial[p % G] += w[p * BLOCK:(p + 1) * BLOCK].astype(np.float64).sum()

    def check(out):
        h, part, lock, count = out
        np.testing.assert_array_equal(h, hist)
        np.testing.assert_array_equal(part, partial.astype(np.float32))
        np.testing.assert_array_equal(lock, 0)
        np.testing.assert_array_equal(count, 1)
    return Case(grid, [Guard(x), InOut(np.zeros(bins, np.int32)), Guard(w),
                       InOut(np.full(G, -7.0, np.float32)), InOut(np.zeros(G, np.int32)),
                       InOut(np.zeros(G, np.int32)), i32(n), i32(bins)], check, threads=4)


CASES = {
    "vector_add": [vector_add],
    "softmax": [softmax],
    "matmul": [matmul, matmul_bt_fp32],
    "layernorm": [layernorm, layernorm_multiblock],
    "grid2d": [grid2d],
    "while_loop": [while_loop],
    "static_range": [static_range, static_range_sum],
    "rmsnorm_fp16": [rmsnorm_fp16],
    "helper_call": [helper_call, helper_call_erf],
    "cumsum_argmax": [cumsum_argmax],
    "embedding": [embedding, embedding_nopad],
    "flash_attention": [flash_attention],
    "atomics": [atomics],
    "block_ptr_matmul": [block_ptr_matmul],
}

PARAMS = [(name, fn) for name in sorted(CASES) for fn in CASES[name]]

# Known compiler bugs (see the report in tests/exec/README.md): strict, so a fix shows up.
AOT_XFAIL = {}


def _params(xfails):
    return [pytest.param(name, fn, id=fn.__name__,
                         marks=[pytest.mark.xfail(strict=True, reason=xfails[fn.__name__])]
                         if fn.__name__ in xfails else [])
            for name, fn in PARAMS]


def test_every_example_has_a_reference():
    names = {os.path.basename(p)[:-3] for p in EXAMPLES}
    assert names, "no examples/*.py"
    assert names == set(CASES), "examples without a reference here: %s; stale: %s" % (
        sorted(names - set(CASES)), sorted(set(CASES) - names))


def _run_case(name, fn, mode):
    path = os.path.join(ROOT, "examples", name + ".py")
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    case = fn()
    defines.update(case.defines)
    sig = case.sig or sig
    host = aot_host(path, kernel, sig, defines) if mode == "aot" else None
    out = run(path, kernel, sig, defines, case.grid, case.args, threads=case.threads, host=host)
    case.check(out)


@pytest.mark.parametrize("name,fn", _params({}))
def test_example_c_api(name, fn):
    _run_case(name, fn, "api")


@pytest.mark.parametrize("name,fn", _params(AOT_XFAIL))
def test_example_aot_header(name, fn):
    _run_case(name, fn, "aot")


# ---- hand-written AOT hosts (tests/exec/aot/*_main.c) with plain C references ------------------

AOT_HOSTS = ["vector_add", "softmax", "matmul", "grid2d"]
AOT_DIR = os.path.join(ROOT, "tests", "exec", "aot")
QEMU = shutil.which("qemu-aarch64")
A64_CC = shutil.which("aarch64-linux-gnu-gcc")
A64_SYSROOT = "/usr/aarch64-linux-gnu"


def _build_aot_main(name, arch=None):
    """kcc -> lib<kernel>.so + kernel.h (for `arch`), then `cc main.c` against them."""
    path = os.path.join(ROOT, "examples", name + ".py")
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    d = session_dir() / ("aotmain-%s-%s" % (name, arch or "host"))
    d.mkdir(exist_ok=True)
    so = d / ("lib%s.so" % kernel)
    target = "cpu:" + arch if arch else "cpu"
    args = [path, "-t", target, "-k", kernel, "--signature", sig]
    for k, v in defines.items():
        args += ["-D", "%s=%s" % (k, v)]
    r, cmd = kcc_cli(args + ["--cache-dir", CACHE_DIR, "-o", so, "--header", d / "kernel.h"])
    assert r.returncode == 0, "kcc failed:\n%s\n$ %s" % (r.stderr, " ".join(map(str, cmd)))
    cc = A64_CC if arch == "aarch64" else "gcc"
    exe = d / "main"
    cmd = [cc, "-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror", "-I", str(d),
           "-I", AOT_DIR, os.path.join(AOT_DIR, name + "_main.c"), "-o", str(exe), str(so),
           "-Wl,-rpath," + str(d), "-lpthread", "-lm"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, "%s failed:\n%s" % (" ".join(cmd), r.stderr)
    return exe, so


@pytest.mark.parametrize("name", AOT_HOSTS)
def test_aot_main_c_reference(name):
    exe, _ = _build_aot_main(name)
    r = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, KCC_NUM_THREADS="3"))
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout + r.stderr


# The header's persistent pool (tests/exec/aot/pool_main.c): thousands of launches, device
# assertions, host threads, fork, two headers in two translation units sharing one pool.
POOL_KERNELS = [("count_kernel", "counter_ptr=*i32,hits_ptr=*i32,conc_ptr=*i32,bad=i32,nbad=i32",
                 ["-g"]),
                ("chain_kernel", "flags_ptr=*i32", [])]
POOL_ENVS = {"1thread": {"KCC_NUM_THREADS": "1"}, "3threads": {"KCC_NUM_THREADS": "3"},
             "3threads-nospin": {"KCC_NUM_THREADS": "3", "KCC_SPIN_US": "0"},
             "5threads-spin20": {"KCC_NUM_THREADS": "5", "KCC_SPIN_US": "20"}}


@functools.lru_cache(maxsize=None)
def _build_aot_pool_main():
    d = session_dir() / "aotmain-pool"
    d.mkdir(exist_ok=True)
    libs = []
    for kernel, sig, flags in POOL_KERNELS:
        so = d / ("lib%s.so" % kernel)
        r, cmd = kcc_cli([os.path.join(AOT_DIR, "pool.py"), "-t", "cpu", "-k", kernel,
                          "--signature", sig] + flags +
                         ["--cache-dir", CACHE_DIR, "-o", so, "--header", d / (kernel + ".h")])
        assert r.returncode == 0, "kcc failed:\n%s\n$ %s" % (r.stderr, " ".join(map(str, cmd)))
        libs.append(str(so))
    exe = d / "main"
    # strict C11 with every warning an error: the headers must compile cleanly in user code
    cmd = ["gcc", "-std=c11", "-O2", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", str(d),
           "-I", AOT_DIR, os.path.join(AOT_DIR, "pool_main.c"),
           os.path.join(AOT_DIR, "pool_other.c"), "-o", str(exe)] + libs + [
           "-Wl,-rpath," + str(d), "-lpthread", "-lm"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, "%s failed:\n%s" % (" ".join(cmd), r.stderr)
    return exe


@pytest.mark.parametrize("env", sorted(POOL_ENVS))
def test_aot_pool_main_c(env):
    exe = _build_aot_pool_main()
    r = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, **POOL_ENVS[env]))
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout + r.stderr


# ---- cross targets ---------------------------------------------------------------------------

READELF = str(LLVM_BIN / "llvm-readelf")
ARCHES = {"x86-64": "Advanced Micro Devices X86-64", "aarch64": "AArch64",
          "loongarch64": "LoongArch", "riscv64": "RISC-V"}


def _emit_obj(path, arch, d):
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    out = d / (os.path.basename(path)[:-3] + ".o")
    args = [path, "-t", "cpu:" + arch, "-k", kernel, "--signature", sig, "--emit=obj",
            "--cache-dir", "", "-o", out]
    for k, v in defines.items():
        args += ["-D", "%s=%s" % (k, v)]
    r, cmd = kcc_cli(args)
    if r.returncode:
        return "%s: kcc failed: %s" % (os.path.basename(path), r.stderr.strip())
    h = subprocess.run([READELF, "-h", str(out)], capture_output=True, text=True).stdout
    machine = [ln.split(":", 1)[1].strip() for ln in h.splitlines() if ln.strip().startswith("Machine:")]
    kind = [ln.split(":", 1)[1].strip() for ln in h.splitlines() if ln.strip().startswith("Type:")]
    if machine != [ARCHES[arch]] or not kind or not kind[0].startswith("REL"):
        return "%s: Machine %s Type %s, expected %s REL" % (os.path.basename(path), machine, kind,
                                                           ARCHES[arch])
    return None


@pytest.mark.parametrize("arch", sorted(ARCHES))
def test_examples_emit_obj_for_arch(arch):
    d = session_dir() / ("obj-" + arch)
    d.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=3) as ex:
        errors = [e for e in ex.map(lambda p: _emit_obj(p, arch, d), EXAMPLES) if e]
    assert not errors, "\n".join(errors)


def _need_aarch64():
    if not (QEMU and A64_CC and os.path.exists(os.path.join(A64_SYSROOT, "lib", "libc.so.6"))
            and os.path.exists(os.path.join(A64_SYSROOT, "include", "stdio.h"))):
        pytest.skip("qemu-user / gcc-aarch64-linux-gnu / libc6-arm64-cross / "
                    "libc6-dev-arm64-cross are not installed (scripts/deps.sh installs them)")


@pytest.mark.parametrize("name", AOT_HOSTS)
def test_aarch64_aot_main_under_qemu(name):
    _need_aarch64()
    exe, so = _build_aot_main(name, "aarch64")
    h = subprocess.run([READELF, "-h", str(so)], capture_output=True, text=True).stdout
    assert "AArch64" in h and "DYN" in h, h
    r = subprocess.run([QEMU, "-L", A64_SYSROOT, str(exe)], capture_output=True, text=True,
                       timeout=300, env=dict(os.environ, KCC_NUM_THREADS="2"))
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout + r.stderr


A64_EXAMPLES = ["atomics", "cumsum_argmax", "flash_attention", "rmsnorm_fp16", "while_loop",
                "embedding"]


@pytest.mark.parametrize("name", A64_EXAMPLES)
def test_aarch64_example_under_qemu(name):
    """The example's first case through kcc-run built for AArch64 against the header (AOT)."""
    _need_aarch64()
    fn = CASES[name][0]
    path = os.path.join(ROOT, "examples", name + ".py")
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    case = fn()
    defines.update(case.defines)
    sig = case.sig or sig
    host = aot_host(path, kernel, sig, defines, arch="aarch64")
    out = run(path, kernel, sig, defines, case.grid, case.args, threads=case.threads, host=host,
              wrapper=[QEMU, "-L", A64_SYSROOT], timeout=300)
    case.check(out)


def test_aot_fp16_on_baseline_x86_64():
    fn = rmsnorm_fp16
    path = os.path.join(ROOT, "examples", "rmsnorm_fp16.py")
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    case = fn()
    host = aot_host(path, kernel, sig, defines, arch="x86-64")
    case.check(run(path, kernel, sig, defines, case.grid, case.args, host=host))


# ---- valgrind --------------------------------------------------------------------------------

VALGRIND = shutil.which("valgrind")
VG_CASES = [("vector_add", vector_add), ("grid2d", grid2d), ("softmax", softmax),
            ("cumsum_argmax", cumsum_argmax),
            ("while_loop", while_loop)]


@pytest.mark.skipif(not VALGRIND, reason="valgrind is not installed")
@pytest.mark.parametrize("name,fn", VG_CASES, ids=[n for n, _ in VG_CASES])
def test_valgrind_aot_host_clean(name, fn):
    """kcc-run (AOT build: kernel .so + header, no libkcc/LLVM in the process) under memcheck:
    no invalid reads/writes, no uninitialised values, no leaks; results still checked."""
    path = os.path.join(ROOT, "examples", name + ".py")
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    case = fn()
    defines.update(case.defines)
    host = aot_host(path, kernel, case.sig or sig, defines, arch="x86-64-v3")  # no AVX-512
    vg = [VALGRIND, "-q", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite",
          "--track-origins=yes"]
    out = run(path, kernel, case.sig or sig, defines, case.grid, case.args, threads=2, host=host,
              wrapper=vg, timeout=300)
    case.check(out)


@pytest.mark.skipif(not VALGRIND, reason="valgrind is not installed")
@pytest.mark.skipif(not os.environ.get("KCC_EXEC_SLOW"), reason="slow (~30 s: LLVM/MLIR under "
                    "memcheck); set KCC_EXEC_SLOW=1")
def test_valgrind_c_api_host():
    """kcc-run through libkcc (compile from the warm cache, load, launch) under memcheck. LLVM and
    MLIR are in the process, so only memory errors count (exit code 99), not leaks."""
    name, fn = "vector_add", vector_add
    path = os.path.join(ROOT, "examples", name + ".py")
    kernel, sig, defines = parse_kcc_line(kcc_line(path))
    case = fn()
    tgt = ["-t", "cpu:x86-64-v3"]  # valgrind has no AVX-512
    run(path, kernel, sig, defines, case.grid, case.args, extra=tgt)   # warms the cache
    vg = [VALGRIND, "-q", "--error-exitcode=99", "--leak-check=no"]
    out = run(path, kernel, sig, defines, case.grid, case.args, threads=2, wrapper=vg, timeout=300,
              extra=tgt)
    case.check(out)
