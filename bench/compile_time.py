"""Compile time of one long expression (`y = x + x + ... + x`) at 10,000 and 100,000 terms, per
stage of the kcc CLI: kir (the generator), mlir-llvm (kir lowered to the LLVM dialect), llvm
(LLVM IR after the O3 pipeline) and asm (LLVM's code generation). Near-linear stages grow about
10x from the first line to the second.
Run: ``python bench/compile_time.py [BUILD_DIR] [TERMS...]``.
"""

import os
import subprocess
import sys
import tempfile
import time

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
terms = [int(t) for t in sys.argv[2:]] or [10000, 100000]
kcc = os.path.join(build, "bin", "kcc")
STAGES = ["kir", "mlir-llvm", "llvm", "asm"]


def source(n):
    return ("import triton\nimport triton.language as tl\n\n@triton.jit\ndef k(X):\n"
            "    x = tl.load(X)\n    y = " + " + ".join(["x"] * n) + "\n    tl.store(X, y)\n")


def seconds(path, stage):
    t = time.perf_counter()
    r = subprocess.run([kcc, "--emit=" + stage, "--signature", "X=*fp32", path, "-o", os.devnull],
                       stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    return f"{dt:8.2f}" if r.returncode == 0 else "  failed"


print(f"{'terms':>8} " + " ".join(f"{s:>9}" for s in STAGES) + "   (seconds, kcc --emit=STAGE)")
with tempfile.TemporaryDirectory() as tmp:
    for n in terms:
        path = os.path.join(tmp, f"sum{n}.py")
        with open(path, "w") as f:
            f.write(source(n))
        print(f"{n:>8} " + " ".join(f"{seconds(path, s):>9}" for s in STAGES), flush=True)
