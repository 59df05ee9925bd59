"""Honest baselines for bench/run: which kernels the libraries kcc is compared with really run.

A library that does not recognise the CPU falls back to a generic kernel (Debian's OpenBLAS runs
its SSE3 `Prescott` kernel on CPUs it cannot name), and a speedup against that misleads. So:

- `host_isa()` reads the CPU's vector ISA from /proc/cpuinfo's flags (a tier: SSE, AVX,
  AVX2+FMA, AVX-512).
- `pick_openblas_core()` runs a short sgemm in a child process for each OpenBLAS core type the
  CPU can run (a core type the CPU cannot execute dies of SIGILL there, not here) and returns the
  fastest of the CPU's own ISA tier; bench.py sets OPENBLAS_CORETYPE to it before numpy is imported.
- `openblas_in_process()` / `torch_in_process()` read back, from the libraries loaded in the
  benchmark process, the kernel choice and thread count they actually use; `refusal()` says why
  a speedup must not be printed (a generic fallback kernel, a kernel for an older ISA than the
  CPU's, another thread count).
"""
import ctypes
import os
import platform
import re
import subprocess
import sys

TIERS = ["SSE", "AVX", "AVX2+FMA", "AVX-512"]

# OpenBLAS (x86-64 DYNAMIC_ARCH) core types by the vector ISA their kernels use. Tier 0 are
# the generic SSE-era kernels a DYNAMIC_ARCH build falls back to on a CPU it does not know.
OPENBLAS_TIER = {
    "prescott": 0, "core2": 0, "penryn": 0, "dunnington": 0, "nehalem": 0, "atom": 0,
    "opteron": 0, "opteron_sse3": 0, "barcelona": 0, "bobcat": 0, "nano": 0, "katmai": 0,
    "coppermine": 0, "northwood": 0, "banias": 0, "athlon": 0,
    "sandybridge": 1, "bulldozer": 1, "piledriver": 1, "steamroller": 1, "excavator": 1,
    "haswell": 2, "zen": 2,
    "skylakex": 3, "cooperlake": 3, "sapphirerapids": 3,
}


def cpu_flags(path="/proc/cpuinfo"):
    try:
        with open(path) as f:
            for ln in f:
                if ln.startswith("flags"):
                    return set(ln.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def host_isa(flags=None):
    """The widest vector ISA tier the CPU (as the kernel reports it) supports: 0..3."""
    f = cpu_flags() if flags is None else flags
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= f:
        return 3
    if {"avx2", "fma"} <= f:
        return 2
    if "avx" in f:
        return 1
    return 0


def openblas_candidates(flags=None):
    """Core types worth probing on this CPU: those of its own tier and the tier below (the
    fallback if the top tier's kernels cannot run), widest first."""
    if flags is None and platform.machine() not in ("x86_64", "AMD64"):
        return []  # the core types and tiers here are x86-64's: keep OpenBLAS's own choice
    f = cpu_flags() if flags is None else flags
    tier = host_isa(f)
    by_tier = {
        3: ["SkylakeX"] + (["Cooperlake"] if "avx512_bf16" in f else []),
        2: ["Haswell", "Zen"],
        1: ["Sandybridge"],
        0: ["Prescott"],
    }
    out = list(by_tier[tier])
    if tier > 0:
        out += by_tier[tier - 1]
    return out


def openblas_tier(core):
    return OPENBLAS_TIER.get((core or "").lower(), 0)


def _openblas_lib():
    for ln in open("/proc/self/maps"):
        p = ln.split()[-1]
        if "openblas" in os.path.basename(p) and p.startswith("/"):
            return p
    return None


def openblas_in_process(threads=None):
    """Core type, config string, library path and thread count of the OpenBLAS numpy loaded
    in this process (None if numpy does not use OpenBLAS). Sets its thread count first when
    `threads` is given (OpenBLAS reads OMP_NUM_THREADS only when it loads)."""
    import numpy  # noqa: F401  (loads the BLAS)
    path = _openblas_lib()
    if path is None:
        return None
    lib = ctypes.CDLL(path)
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    if threads is not None:
        lib.openblas_set_num_threads(int(threads))
    return {
        "core": lib.openblas_get_corename().decode(),
        "config": lib.openblas_get_config().decode(),
        "lib": path,
        "threads": lib.openblas_get_num_threads(),
    }


PROBE = r"""
import ctypes, os, sys, time
import numpy as np
p = [l.split()[-1] for l in open('/proc/self/maps') if 'openblas' in l.split()[-1]]
core = '?'
if p:
    lib = ctypes.CDLL(p[0]); lib.openblas_get_corename.restype = ctypes.c_char_p
    core = lib.openblas_get_corename().decode()
S = int(sys.argv[1]); reps = int(sys.argv[2])
A = np.random.rand(S, S).astype(np.float32); B = np.random.rand(S, S).astype(np.float32)
A @ B
best = 1e30
for _ in range(reps):
    t = time.perf_counter(); A @ B; best = min(best, time.perf_counter() - t)
print(core, best)
"""


def probe_openblas(core, size, reps, threads, python=sys.executable):
    """(core the library reports, best sgemm seconds) with OPENBLAS_CORETYPE=core in a child
    process, or (None, reason) when the child fails (SIGILL: the CPU lacks the core's ISA)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    if core:
        env["OPENBLAS_CORETYPE"] = core
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    try:
        r = subprocess.run([python, "-c", PROBE, str(size), str(reps)], env=env,
                           capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    if r.returncode != 0:
        sig = -r.returncode if r.returncode < 0 else None
        return None, (f"died of signal {sig}" + (" (SIGILL: the CPU lacks its ISA)" if sig == 4 else "")
                      if sig else f"exit {r.returncode}")
    name, t = r.stdout.split()[-2:]
    return name, float(t)


def pick_openblas_core(threads, quick, log=print):
    """The fastest OpenBLAS core type this CPU runs (probed, see openblas_candidates), or None
    if no probe ran (then the library's own detection stays)."""
    flags = cpu_flags()
    tier = host_isa(flags)
    size, reps = (512, 3) if quick else (1024, 5)
    log(f"# cpu ISA: {TIERS[tier]}; probing OpenBLAS core types with a {size}^3 sgemm, "
        f"{threads} threads, best of {reps}")
    ran = []
    for core in [None] + openblas_candidates(flags):
        got, t = probe_openblas(core, size, reps, threads)
        label = core or "(auto-detected)"
        if got is None:
            log(f"#   {label}: {t}")
            continue
        log(f"#   {label}: runs {got} ({TIERS[openblas_tier(got)]}), {t*1e3:.2f} ms")
        ran.append((openblas_tier(got) == tier, -t, got))
    # the fastest of the CPU's own ISA tier (a lower tier only if none of those ran: a noisy
    # timing must not pick an older ISA's kernel)
    return max(ran)[2] if ran else None


def refusal_openblas(info, wanted, threads, tier=None):
    """Why a matmul speedup against this OpenBLAS must not be printed, or None."""
    tier = host_isa() if tier is None else tier
    if info is None:
        return "numpy does not use OpenBLAS here (no kernel choice to check)"
    t = openblas_tier(info["core"])
    if t < tier:
        kind = f"a generic {TIERS[0]} fallback kernel" if t == 0 else f"an {TIERS[t]} kernel"
        return f"OpenBLAS runs {info['core']}, {kind}, on a {TIERS[tier]} CPU"
    if wanted and info["core"].lower() != wanted.lower():
        return f"OpenBLAS runs {info['core']}, not the fastest probed core {wanted}"
    if info["threads"] != threads:
        return f"OpenBLAS uses {info['threads']} threads, kcc {threads}"
    return None


def torch_in_process(threads):
    import torch
    torch.set_num_threads(threads)
    cfg = torch.__config__.show()
    cap = re.search(r"CPU capability usage:\s*(\S+)", cfg)
    blas = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    return {
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "capability": cap.group(1) if cap else "unknown",
        "blas": blas.group(1) if blas else "unknown",
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
    }


TORCH_TIER = {"DEFAULT": 0, "NO AVX": 0, "AVX": 1, "AVX2": 2, "AVX512": 3}


def refusal_torch(info, threads, tier=None):
    """Why a speedup against torch's CPU kernels must not be printed, or None."""
    tier = host_isa() if tier is None else tier
    cap = TORCH_TIER.get(info["capability"].upper())
    if cap is None:
        return f"torch does not say which CPU kernels it dispatches to ({info['capability']})"
    if tier >= 2 and cap < 2:
        return (f"torch dispatches to its {info['capability']} (generic) kernels on a "
                f"{TIERS[tier]} CPU")
    if info["threads"] != threads:
        return f"torch uses {info['threads']} threads, kcc {threads}"
    return None


if __name__ == "__main__":
    # python bench/baselines.py [THREADS]: probe and print the OpenBLAS core type bench/run uses.
    n = int(sys.argv[1]) if len(sys.argv) > 1 else os.cpu_count()
    print(pick_openblas_core(n, quick=True, log=lambda s: print(s, file=sys.stderr)))
