"""kcc benchmarks: each line `NAME BASELINE speedup=X`, X = baseline time / kcc time, and for
each kernel `NAME limit speedup=X`, X = (time at this machine's limit) / kcc time. `--gpu`: the
same lines for the GPU (bench/gpu.py) instead.

Baselines run in this process on the same data and thread count: a C -O3 OpenMP loop (vector
add), torch CPU (softmax, layernorm), OpenBLAS through numpy (matmul). Each baseline's kernel
choice is printed (`baseline ...` lines); OpenBLAS runs the fastest core type this CPU can run
(bench/baselines.py), and a speedup against a generic fallback kernel, or a library on another
thread count, is printed as `NAME BASELINE refused (why)` instead. The limits (memory bandwidth,
FMA peak) are measured by bench/roofline.c in the same run. Compile-time and launch lines compare
against the budgets of docs/performance.md (X > 1 means within budget); raw times go to stderr.
"""
import argparse
import ctypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import baselines as BL  # noqa: E402
import roofline  # noqa: E402

np = torch = None  # imported in main(), after OPENBLAS_CORETYPE is chosen
RESULTS = []


class Timing(float):
    """A median time in seconds that also carries the best (`.best`) of the same runs."""


def median_time(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    t = Timing(statistics.median(ts))
    t.best = min(ts)
    return t


def emit(text):
    RESULTS.append(text)
    print(text, flush=True)


def line(name, baseline, speedup, detail, refused=None):
    if refused:
        emit(f"{name} {baseline} refused ({refused})")
    else:
        emit(f"{name} {baseline} speedup={speedup:.2f}")
    print(f"# {name}: {detail}", file=sys.stderr, flush=True)


def limit(name, t_limit, t_kcc, model, t_base=None):
    """`NAME limit speedup=X`: the fraction of this machine's limit that kcc reaches. The limits
    are best-of-N measurements (what the machine can do), so kcc's best of its runs is compared,
    not its median: a load spike must not count against one side only."""
    emit(f"{name} limit speedup={t_limit / t_kcc.best:.2f}")
    base = f"; the baseline reaches {t_limit / t_base.best:.2f}" if t_base is not None else ""
    print(f"# {name} limit: {model} = {t_limit*1e3:.2f} ms; kcc best {t_kcc.best*1e3:.2f} ms "
          f"(median {t_kcc*1e3:.2f}){base}", file=sys.stderr, flush=True)


def check(ok, what):
    if not ok:
        print(f"bench: {what} produced a wrong result", file=sys.stderr)
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--openblas-core", help="OpenBLAS core type for the matmul baseline "
                    "(default: the fastest this CPU runs, probed)")
    ap.add_argument("--plot", metavar="FILE.png", help="also draw the results (bench/plot.py)")
    ap.add_argument("--gpu", action="store_true", help="the GPU lines only (bench/gpu.py): kcc "
                    "against torch and Triton on the GPU torch sees")
    args = ap.parse_args()
    if args.gpu:
        os.environ["KCC_CACHE_DIR"] = tempfile.mkdtemp(prefix="kcc-bench-gpu-")
        import gpu
        gpu.run(line, emit, lambda s: print(s, file=sys.stderr, flush=True), args.quick)
        shutil.rmtree(os.environ["KCC_CACHE_DIR"], ignore_errors=True)
        return
    nt = args.threads
    os.environ["KCC_NUM_THREADS"] = str(nt)
    os.environ["OMP_NUM_THREADS"] = str(nt)
    os.environ["OPENBLAS_NUM_THREADS"] = str(nt)
    os.environ.pop("OPENBLAS_L2_SIZE", None)
    err = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    core = args.openblas_core or BL.pick_openblas_core(nt, args.quick, log=err)
    if core:
        os.environ["OPENBLAS_CORETYPE"] = core  # this process only: numpy loads OpenBLAS next
    global np, torch
    import numpy as np
    import torch
    tier = BL.host_isa()
    ob = BL.openblas_in_process(threads=nt)
    ob_refused = BL.refusal_openblas(ob, core, nt, tier)
    if ob:
        emit(f"baseline openblas: core={ob['core']} ({BL.TIERS[BL.openblas_tier(ob['core'])]}) "
            f"threads={ob['threads']} lib={ob['lib']} config={ob['config'].replace(' ', '/')}")
    th = BL.torch_in_process(nt)
    th_refused = BL.refusal_torch(th, nt, tier)
    emit(f"baseline torch: {th['version']} threads={th['threads']} cpu-capability={th['capability']} "
        f"blas={th['blas']} mkldnn={'on' if th['mkldnn'] else 'off'} (softmax/layernorm: ATen "
        f"{th['capability']} kernels)")
    reps = 7 if args.quick else 25
    cache = tempfile.mkdtemp(prefix="kcc-bench-")
    os.environ["KCC_CACHE_DIR"] = cache
    import kcc  # noqa: E402  (after KCC_* settings)
    import kernels as K

    mach = roofline.Machine(cache, nt, 10 if args.quick else 20)
    err(f"# threads={nt} numpy={np.__version__} torch={torch.__version__} cpu={BL.TIERS[tier]} "
        f"limits measured by bench/roofline.c built with {mach.cc}")

    # vector add: 16M fp32 vs C -O3 OpenMP
    n = 1 << 24
    x = np.random.rand(n).astype(np.float32)
    y = np.random.rand(n).astype(np.float32)
    out = np.empty_like(x)
    ref = np.empty_like(x)
    so = os.path.join(cache, "ref_add.so")
    cflags = ["-O3", "-march=native", "-fopenmp"]
    subprocess.run(["gcc", *cflags, "-shared", "-fPIC",
                    os.path.join(os.path.dirname(__file__), "ref_add.c"), "-o", so], check=True)
    gccv = subprocess.run(["gcc", "-dumpfullversion"], capture_output=True, text=True).stdout.strip()
    q = subprocess.run(["gcc", "-march=native", "-Q", "--help=target"], capture_output=True,
                       text=True).stdout
    march = next((ln.split()[1] for ln in q.splitlines()
                  if ln.strip().startswith("-march=") and len(ln.split()) > 1), "?")
    emit(f"baseline c-ref: gcc {gccv} {' '.join(cflags)} (-march=native is {march}), "
         f"OMP_NUM_THREADS={nt}")
    lib = ctypes.CDLL(so)
    lib.ref_add.argtypes = [ctypes.c_void_p] * 3 + [ctypes.c_long]
    xp, yp, rp = (a.ctypes.data for a in (x, y, ref))
    t_ref = median_time(lambda: lib.ref_add(xp, yp, rp, n), 2, reps)
    BLOCK = 4096
    grid = (triton_cdiv(n, BLOCK),)
    mach.stream(n)  # the limit: best of a measurement before and one after kcc's runs
    t_kcc = median_time(lambda: K.add_kernel[grid](x, y, out, n, BLOCK=BLOCK), 2, reps)
    check(np.array_equal(out, ref), "add")
    line("add", "c-ref", t_ref / t_kcc, f"kcc {t_kcc*1e3:.2f} ms, C -O3 {t_ref*1e3:.2f} ms")
    _, triad = mach.stream(n)
    limit("add", 12 * n / triad, t_kcc, f"12 B/elem x {n} at triad {triad/1e9:.1f} GB/s", t_ref)

    # softmax 4096x1024 fp32 vs torch
    M, N = 4096, 1024
    a = torch.randn(M, N, dtype=torch.float32)
    o = torch.empty_like(a)
    mach.stream(M * N)
    t_t = median_time(lambda: torch.softmax(a, dim=1), 2, reps)
    t_k = median_time(lambda: K.softmax_kernel[(M,)](o, a, a.stride(0), o.stride(0), N, BLOCK=N), 2, reps)
    check(torch.allclose(o, torch.softmax(a, dim=1), atol=1e-6, rtol=1e-4), "softmax")
    line("softmax", "torch", t_t / t_k, f"kcc {t_k*1e3:.2f} ms, torch {t_t*1e3:.2f} ms", th_refused)
    copy, _ = mach.stream(M * N)
    peak, lanes = mach.fma_peak()
    err(f"# machine: copy {copy/1e9:.1f} GB/s over {M}x{N} fp32, fp32 FMA peak {peak/1e9:.1f} "
        f"GFLOP/s ({nt} threads, {lanes} lanes)")
    limit("softmax", max(8 * M * N / copy, 5 * M * N / peak), t_k,
          f"max(8 B/elem at copy {copy/1e9:.1f} GB/s, 5 flop/elem at {peak/1e9:.0f} GFLOP/s)", t_t)

    # layernorm 4096x1024 fp32 vs torch
    w = torch.rand(N)
    b = torch.rand(N)
    eps = 1e-5
    t_t = median_time(lambda: torch.nn.functional.layer_norm(a, (N,), w, b, eps), 2, reps)
    t_k = median_time(lambda: K.layernorm_kernel[(M,)](a, o, w, b, a.stride(0), N, eps, BLOCK=N), 2, reps)
    check(torch.allclose(o, torch.nn.functional.layer_norm(a, (N,), w, b, eps), atol=1e-4, rtol=1e-4),
          "layernorm")
    line("layernorm", "torch", t_t / t_k, f"kcc {t_k*1e3:.2f} ms, torch {t_t*1e3:.2f} ms",
         th_refused)
    copy, _ = mach.stream(M * N)
    limit("layernorm", max((8 * M * N + 8 * N) / copy, 8 * M * N / peak), t_k,
          f"max(8 B/elem at copy {copy/1e9:.1f} GB/s, 8 flop/elem at {peak/1e9:.0f} GFLOP/s)", t_t)

    # matmul 1024^3 fp32 vs OpenBLAS (numpy)
    S = 1024
    A = np.random.rand(S, S).astype(np.float32)
    B = np.random.rand(S, S).astype(np.float32)
    C = np.empty((S, S), dtype=np.float32)
    BM, BN, BK = 64, 64, 32
    mm_args = dict(BLOCK_M=BM, BLOCK_N=BN, BLOCK_K=BK, GROUP_M=8)

    def run_mm():
        K.matmul_kernel[(triton_cdiv(S, BM) * triton_cdiv(S, BN),)](
            A, B, C, S, S, S, S, 1, S, 1, S, 1, **mm_args)

    t0 = time.perf_counter()
    run_mm()  # cold compile (fresh cache dir) + one run
    t_first = time.perf_counter() - t0
    t_np = median_time(lambda: A @ B, 1, max(3, reps // 2))
    t_k = median_time(run_mm, 1, max(3, reps // 2))
    check(np.allclose(C, A @ B, rtol=1e-3, atol=1e-3), "matmul")
    line("matmul", "openblas", t_np / t_k,
         f"kcc {t_k*1e3:.1f} ms, numpy/OpenBLAS {t_np*1e3:.1f} ms ({ob['core'] if ob else '?'})",
         ob_refused)
    peak, _ = mach.fma_peak()
    limit("matmul", max(2 * S**3 / peak, 12 * S * S / copy), t_k,
          f"2 S^3 flop at FMA peak {peak/1e9:.1f} GFLOP/s (S={S})", t_np)

    # compile time: cold (empty cache, new process) and cached (warm disk cache, new process)
    cold, cached = compile_times(cache)
    line("compile-cold", "budget-300ms", 0.300 / cold, f"matmul cold compile {cold*1e3:.0f} ms")
    line("compile-cached", "budget-5ms", 0.005 / cached, f"matmul cached load {cached*1e3:.2f} ms")
    print(f"# first matmul call in-process (compile + run): {t_first*1e3:.0f} ms", file=sys.stderr)

    # launch overhead of a trivial kernel from Python
    e = np.zeros(16, dtype=np.float32)
    K.empty_kernel[(1,)](e, 16)
    t_l = median_time(lambda: K.empty_kernel[(1,)](e, 16), 100, 2000)
    line("launch", "python", 20e-6 / t_l, f"warm launch {t_l*1e6:.1f} us (budget 20 us)")
    opencl_lines(K, reps, err)
    shutil.rmtree(cache, ignore_errors=True)
    if args.plot:
        import plot
        plot.plot(plot.parse("\n".join(RESULTS)), args.plot)
        err(f"# plot written to {args.plot}")


def opencl_lines(K, reps, err):
    """Informational `NAME@opencl kcc-cpu speedup=X` lines: the same kernels through the SIMT
    lowering on the first OpenCL device (PoCL on a CPU-only machine), X = kcc-cpu time / opencl
    time, copies to and from device buffers included. PoCL is the SIMT lowering's oracle, not the
    product's speed: no bar on these."""
    import kcc
    try:
        import kcc._lib as L
        lib, n, d = L.library(), ctypes.c_int(0), ctypes.c_void_p()
        st = lib.kcc_device_count(b"opencl", ctypes.byref(n), ctypes.byref(d))
        L.take_string(d.value)
        if st or n.value == 0:
            raise RuntimeError("no OpenCL device")
    except Exception as e:  # noqa: BLE001 - any failure means: no device to measure
        err(f"# opencl: skipped ({e})")
        return
    r = max(3, reps // 3)
    n = 1 << 20
    x, y = np.random.rand(n).astype(np.float32), np.random.rand(n).astype(np.float32)
    o1, o2 = np.empty_like(x), np.empty_like(x)
    M, N = 256, 1024
    a = np.random.randn(M, N).astype(np.float32)
    s1, s2 = np.empty_like(a), np.empty_like(a)
    S = 256
    A, B = np.random.rand(S, S).astype(np.float32), np.random.rand(S, S).astype(np.float32)
    C1, C2 = np.empty((S, S), np.float32), np.empty((S, S), np.float32)
    mm = dict(BLOCK_M=32, BLOCK_N=32, BLOCK_K=32, GROUP_M=8)
    mm_grid = (triton_cdiv(S, 32) * triton_cdiv(S, 32),)
    cases = [
        ("add", lambda t, o: K.add_kernel[(triton_cdiv(n, 1024),)](x, y, o, n, BLOCK=1024, target=t),
         (o1, o2)),
        ("softmax", lambda t, o: K.softmax_kernel[(M,)](o, a, N, N, N, BLOCK=N, target=t), (s1, s2)),
        ("matmul", lambda t, o: K.matmul_kernel[mm_grid](A, B, o, S, S, S, S, 1, S, 1, S, 1,
                                                         **mm, target=t), (C1, C2)),
    ]
    for name, run, (cpu_out, cl_out) in cases:
        run("cpu", cpu_out)
        run("opencl", cl_out)  # compile (PoCL builds the program) before timing
        if not np.allclose(cpu_out, cl_out, rtol=1e-4, atol=1e-5):
            print(f"bench: {name}@opencl differs from the CPU target", file=sys.stderr)
            sys.exit(1)
        t_cpu = median_time(lambda: run("cpu", cpu_out), 1, r)
        t_cl = median_time(lambda: run("opencl", cl_out), 1, r)
        line(f"{name}@opencl", "kcc-cpu", t_cpu / t_cl,
             f"opencl {t_cl*1e3:.2f} ms (copies included), cpu {t_cpu*1e3:.2f} ms; informational")


def triton_cdiv(a, b):
    return (a + b - 1) // b


COMPILE_SNIPPET = r"""
import ctypes, sys, time
lib = ctypes.CDLL({lib!r})
lib.kcc_options_create.restype = ctypes.c_void_p
lib.kcc_options_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p]
lib.kcc_compile.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
path = {path!r}
src = open(path, "rb").read()
o = lib.kcc_options_create()
lib.kcc_options_set(o, b"kernel", b"matmul_kernel", None)
lib.kcc_options_set(o, b"signature", b"a_ptr=*fp32,b_ptr=*fp32,c_ptr=*fp32,M=i32,N=i32,K=i32,"
                    b"stride_am=i32,stride_ak=i32,stride_bk=i32,stride_bn=i32,stride_cm=i32,stride_cn=i32", None)
for d in (b"BLOCK_M=64", b"BLOCK_N=64", b"BLOCK_K=32", b"GROUP_M=8"):
    lib.kcc_options_set(o, b"define", d, None)
k = ctypes.c_void_p()
diag = ctypes.c_char_p()
t0 = time.perf_counter()
rc = lib.kcc_compile(path.encode(), src, o, ctypes.byref(k), ctypes.byref(diag))
t = time.perf_counter() - t0
if rc != 0:
    sys.exit("compile failed: %s" % diag.value)
print(t)
"""


def compile_times(_cache):
    bench = os.path.dirname(os.path.abspath(__file__))
    lib = os.environ.get("KCC_LIBRARY") or os.path.join(bench, "..", "build", "lib", "libkcc.so")
    code = COMPILE_SNIPPET.format(lib=os.path.abspath(lib), path=os.path.join(bench, "kernels.py"))
    res = []
    fresh = tempfile.mkdtemp(prefix="kcc-bench-compile-")
    env = dict(os.environ, KCC_CACHE_DIR=fresh)
    for _ in range(2):  # first: cold, second: cached
        r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            sys.exit(1)
        res.append(float(r.stdout.strip().splitlines()[-1]))
    shutil.rmtree(fresh, ignore_errors=True)
    return res[0], res[1]


if __name__ == "__main__":
    main()
