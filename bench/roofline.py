"""This machine's limits for bench/run: memory bandwidth and FMA peak, measured by roofline.c in
the same run as the kernels, with the same thread count (docs/performance.md, "Roofline")."""
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


class Machine:
    def __init__(self, workdir, threads, reps):
        self.threads = threads
        self.reps = reps
        self.best = {}
        self.peak = 0.0
        self.exe = os.path.join(workdir, "roofline")
        cc = shutil.which("clang") or shutil.which("cc")
        self.cc = cc
        subprocess.run([cc, "-O3", "-march=native", "-fno-builtin", "-pthread",
                        os.path.join(HERE, "roofline.c"), "-o", self.exe], check=True)

    def _run(self, *args):
        r = subprocess.run([self.exe, *map(str, args)], check=True, capture_output=True, text=True)
        w = r.stdout.split()
        return {w[i]: float(w[i + 1]) for i in range(0, len(w) - 1, 2)}

    def stream(self, n):
        """Best copy and triad bandwidth in bytes/s over fp32 arrays of n elements, over this
        call and every earlier one for n (bench.py measures before and after a kernel's runs,
        so a load spike during one measurement does not lower the limit)."""
        r = self._run("stream", n, self.threads, self.reps)
        old = self.best.get(n, (0.0, 0.0))
        self.best[n] = (max(old[0], r["copy"] * 1e9), max(old[1], r["triad"] * 1e9))
        return self.best[n]

    def fma_peak(self):
        """Best fp32 FMA throughput in flop/s on all threads (register-only loop), and the vector
        lanes. The loop shares nothing between cores, so `threads` x the one-thread rate bounds
        it too: the larger of the two is the limit (on a loaded machine the threads rarely all
        run at once, and a limit measured low would flatter kcc)."""
        r = self._run("fma", self.threads, self.reps)
        one = self._run("fma", 1, self.reps)["fma"] * self.threads if self.threads > 1 else 0
        self.peak = max(self.peak, r["fma"] * 1e9, one * 1e9)
        return self.peak, int(r["lanes"])
