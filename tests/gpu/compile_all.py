#!/usr/bin/env python3
"""Compiles every kernel kcc has for the LLVM GPU targets and checks what comes out (make test).

The kernels: every example (its `# kcc:` line), every execution-test kernel with the signature and
constexprs its test uses (listed by running tests/exec under KCC_COMPILE_LIST, without launching
anything), and every kernel of the lit tests written in Python (their `%kcc ... %s` RUN lines).
The targets: nvidia:sm_80 and nvidia:sm_90 to a cubin (the PTX through ptxas; with no CUDA
toolkit, the PTX only, after a visible skip line) and amdgpu:gfx906, gfx90a and gfx942 to a hsaco,
checked with llvm-readelf (EM_AMDGPU, each kernel symbol with its NAME.kd descriptor and its
kcc_meta_NAME metadata). Two jobs at a time; prints the counts and the time taken; exits 1 on any
failure, printing it.

usage: compile_all.py BUILD_DIR [--targets T,T...] [--only examples,exec,lit]
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READELF = "/usr/lib/llvm-22/bin/llvm-readelf"
PRINT_REFUSED = "tl.device_print needs the AMDGPU device libraries"
TARGETS = ["nvidia:sm_80", "nvidia:sm_90", "amdgpu:gfx906", "amdgpu:gfx90a", "amdgpu:gfx942"]


def have_ptxas():
    home = os.environ.get("CUDA_HOME") or "/usr/local/cuda"
    return os.path.exists(os.path.join(home, "bin", "ptxas")) or shutil.which("ptxas")


def example_jobs():
    jobs = []
    for f in sorted((ROOT / "examples").glob("*.py")):
        first = f.read_text().splitlines()[0] if f.read_text() else ""
        if first.startswith("# kcc:"):
            jobs.append(("example", str(f), shlex.split(first[len("# kcc:"):])))
    return jobs


KEEP = {"--signature": 1, "-D": 1, "-k": 1, "--kernel": 1, "--num-warps": 1}


def lit_args(run):
    """The signature, -D, -k and --num-warps options of a `%kcc ... %s` command, or None."""
    try:
        toks = shlex.split(run.split("|")[0])
    except ValueError:
        return None
    if ("%s" not in toks or "--signature" not in toks or
            any(t in ("--header", "--check-bounds", "--emit=tokens", "--emit=ast") for t in toks)):
        return None
    args, i = [], 0
    while i < len(toks):
        if toks[i] in KEEP and i + 1 < len(toks):
            args += toks[i:i + 2]
            i += 2
        else:
            i += 1
    return tuple(args)


def lit_jobs():
    """The kernels of the `%kcc ... %s` RUN lines of the lit tests in Python (not those that a
    `not %kcc` line of the same file expects to fail with the same options)."""
    jobs = []
    for f in sorted((ROOT / "tests" / "lit").glob("*/*.py")):
        if f.parent.name in ("syntax", "diagnostics"):  # front-end tests, errors on purpose
            continue
        good, bad = [], set()
        for line in f.read_text().splitlines():
            m = re.match(r"#\s*RUN:\s*(not\s+)?%kcc\s+(.*)", line)
            args = lit_args(m.group(2)) if m else None
            if args is None:
                continue
            if m.group(1) or re.search(r"\bnot\b", line):
                bad.add(args)
            elif args not in good:
                good.append(args)
        jobs += [("lit", str(f), list(a)) for a in good if a not in bad]
    return jobs


def exec_jobs(build):
    """The kernels the execution tests compile, as listed by their KCC_COMPILE_LIST mode."""
    lst = Path(tempfile.mkdtemp(prefix="kcc-compile-list-")) / "list.jsonl"
    env = dict(os.environ, KCC_BUILD=str(build), KCC_TARGET="nvidia", KCC_COMPILE_LIST=str(lst),
               PYTHONPATH=str(ROOT / "python"))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        str(ROOT / "tests" / "exec")], capture_output=True, text=True, env=env)
    if r.returncode not in (0, 5) or not lst.exists():
        print("listing the execution-test kernels failed:\n" + r.stdout[-3000:] + r.stderr[-2000:])
        sys.exit(1)
    jobs, seen = [], set()
    for line in lst.read_text().splitlines():
        row = json.loads(line)
        args = (["-k", row["kernel"]] if row["kernel"] else []) + \
               (["--signature", row["sig"]] if row["sig"] else []) + row["defines"] + \
               (["--num-warps", row["num_warps"]] if row["num_warps"] else [])
        key = (row["src"], tuple(args))
        if key not in seen:
            seen.add(key)
            jobs.append(("exec", row["src"], args))
    shutil.rmtree(lst.parent, ignore_errors=True)
    return jobs


def check_hsaco(path):
    """EM_AMDGPU, and every kernel (a global FUNC) with NAME.kd and kcc_meta_NAME."""
    r = subprocess.run([READELF, "-h", "-s", "--wide", path], capture_output=True, text=True)
    if r.returncode != 0 or "EM_AMDGPU" not in r.stdout:
        return "not an AMDGPU ELF:\n" + r.stdout[:500] + r.stderr
    syms = set()
    funcs = set()
    for line in r.stdout.splitlines():
        p = line.split()
        if len(p) >= 8 and p[4] == "GLOBAL":
            syms.add(p[7])
            if p[3] == "FUNC":
                funcs.add(p[7])
    if not funcs:
        return "no kernel symbol"
    for k in funcs:
        for want in (k + ".kd", "kcc_meta_" + k):
            if want not in syms:
                return "kernel %s without %s" % (k, want)
    return None


def compile_one(kcc, target, stage, job, tmp):
    kind, src, args = job
    out = os.path.join(tmp, "%d.out" % (abs(hash((target, src, tuple(args)))) % 10**12))
    cmd = [kcc, src, "-t", target, "--emit=" + stage, "-o", out, "--cache-dir", ""] + args
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    err = None
    if r.returncode != 0:
        err = r.stderr.strip()
    elif stage == "hsaco":
        err = check_hsaco(out)
    if os.path.exists(out):
        os.unlink(out)
    return None if err is None else "%s %s: %s\n$ %s" % (target, kind, err,
                                                        " ".join(map(shlex.quote, cmd)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--only", default="examples,exec,lit")
    ap.add_argument("--jobs", type=int, default=2)
    o = ap.parse_args()
    build = Path(o.build).resolve()
    kcc = str(build / "bin" / "kcc")
    t0 = time.time()
    jobs = []
    only = o.only.split(",")
    if "examples" in only:
        jobs += example_jobs()
    if "exec" in only:
        jobs += exec_jobs(build)
    if "lit" in only:
        jobs += lit_jobs()
    ptxas = have_ptxas()
    if not ptxas:
        print("skipped: no ptxas (CUDA toolkit not found: $CUDA_HOME, /usr/local/cuda, PATH); "
              "nvidia kernels are compiled to PTX only")
    tmp = tempfile.mkdtemp(prefix="kcc-compile-all-")
    work = []
    for t in o.targets.split(","):
        stage = "hsaco" if t.split(":")[0] in ("amdgpu", "dcu") else ("cubin" if ptxas else "ptx")
        work += [(t, stage, j) for j in jobs]
    failures, refused = [], 0
    with cf.ThreadPoolExecutor(o.jobs) as ex:
        for err in ex.map(lambda w: compile_one(kcc, w[0], w[1], w[2], tmp), work):
            if err and PRINT_REFUSED in err:
                refused += 1  # the documented located error of tl.device_print on AMDGPU
            elif err:
                failures.append(err)
    shutil.rmtree(tmp, ignore_errors=True)
    counts = {}
    for _, _, (kind, _, _) in work:
        counts[kind] = counts.get(kind, 0) + 1
    cpu = os.times()
    print("gpu compile: %d kernels (%s) x %d targets (%s) = %d compilations, %d failed, "
          "%d refused tl.device_print (AMDGPU has no printf), %.0f s (%.0f s CPU)"
          % (len(jobs), ", ".join("%s %d" % (k, v // len(o.targets.split(",")))
                                  for k, v in counts.items()),
             len(o.targets.split(",")), o.targets, len(work), len(failures), refused,
             time.time() - t0, cpu.children_user + cpu.children_system))
    for f in failures:
        print("FAILED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
